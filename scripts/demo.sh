#!/usr/bin/env bash
# make demo: build the kernels, boot the old one in QEMU, kexec into the
# new one handing memory over, and show both kernels and the timing.
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh"
"$TOP/scripts/make-tree.sh"
for v in old new; do "$TOP/scripts/build-kernel.sh" "$v"; done
"$TOP/scripts/build-guest.sh"
"$TOP/scripts/mkinitramfs.sh"

echo
echo "== booting 'old' in QEMU; it will kexec into 'new' =="
status=0
"$TOP/scripts/qemu-run.sh" demo old 300 "test_kho.preserve_mib=256" || status=1
log=$LOGS/demo.log
grep -a -E '^\[ *0\.000000\] Linux version|^DEMO:|^LUOMARK: kexec' "$log" |
	sed -e 's/^\[ *0\.000000\] /kernel: /'
awk '/LUOMARK: kexec-reboot/ { t0 = $1 }
     t0 && /LUO: init/ { printf "reboot call to the next kernel'"'"'s init: %.2f s\n", $1 - t0; exit }' \
	"$log.ts"
exit $status
