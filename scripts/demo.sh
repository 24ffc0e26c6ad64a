#!/usr/bin/env bash
# make demo: build the kernels and luod, boot 'old' in QEMU with a
# workload's 1 GiB held by luod, watch luod refuse an incompatible kernel
# and live-update to 'new', and check the memory arrived intact.
. "$(dirname "$0")/lib.sh"

mib=${DEMO_MIB:-1024}
"$TOP/scripts/deps.sh"
"$TOP/scripts/make-tree.sh"
for v in old new next; do "$TOP/scripts/build-kernel.sh" "$v"; done
"$TOP/scripts/build-guest.sh"
"$TOP/scripts/mkinitramfs.sh"

echo
echo "== QEMU: 'old' with $mib MiB of workload memory held by luod =="
status=0
"$TOP/scripts/qemu-run.sh" demo old 600 \
	"luomib=$mib luoseed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')" || status=1
log=$LOGS/demo.log
grep -a -E '^\[ *0\.000000\] Linux version|^DEMO:|^luod: (update|retrieve)' "$log" |
	sed -e 's/^\[ *0\.000000\] Linux version \([^ ]*\).*/kernel: booted \1/'
awk '/luod: update: kexec reboot/ { t0 = $1 }
     t0 && /LUO: init/ && !i { i = $1 }
     t0 && /luod: retrieve: .* handed back/ && !r { r = $1 }
     t0 && /came back intact/ {
	printf "blackout, reboot call to the memfd back in the workload: %.2f s (%.2f s to the next init; debug kernels, make bench measures without)\n", r - t0, i - t0
	printf "then checking every byte of it: %.2f s\n", $1 - r; exit }' "$log.ts"
exit $status
