#!/usr/bin/env bash
# make distro-bench: Debian's kernel ('distro') measured from one run, as
# ratios against baselines of the same run (RUNS boots of each, medians):
#   boot to init of 'distro' against the tinyconfig 'bench' kernel;
#   what deferred struct page init saves: 'bench' against 'bench-deferred'
#   (the same kernel with DEFERRED_STRUCT_PAGE_INIT=y), both with the
#   guests' 3 GiB, and the distro kernel's own count of the deferred work;
#   the blackout of a luod update distro -> distro with a 1 GiB memfd,
#   against one with nothing preserved and the control that fills 1 GiB
#   without preserving it.
# Every guest runs on one host thread (as make distro-check does), so that
# the kernels compare on the same emulator. Report: build/distro-bench-report.txt.
. "$(dirname "$0")/lib.sh"
# shellcheck source=benchlib.sh
. "$TOP/scripts/benchlib.sh"

RUNS=${RUNS:-5}
report=$BUILD/distro-bench-report.txt
export LUO_QEMU_ACCEL=tcg,thread=single
export INITRD=$BUILD/initramfs-distro-bench.cpio

"$TOP/scripts/deps.sh"
"$TOP/scripts/make-tree.sh" >/dev/null
for v in bench bench-deferred distro; do
	"$TOP/scripts/build-kernel.sh" "$v"
done
"$TOP/scripts/build-guest.sh"
VARIANTS="bench bench-deferred distro" "$TOP/scripts/mkinitramfs.sh" "$INITRD" >/dev/null 2>&1

# boot NAME VARIANT: one boot of the 'boot' guest test, or die
boot() {
	"$TOP/scripts/qemu-run.sh" "boot@$1" "$2" 300 "" >/dev/null ||
		die "boot $1 failed (see $LOGS/boot@$1.log)"
}
# deferred_ms NAME: the kernel's "deferred pages initialised in N ms", all nodes
deferred_ms() {
	sed -n 's/.*node [0-9]* deferred pages initialised in \([0-9]*\)ms.*/\1/p' \
		"$LOGS/$1.log" | awk '{ s += $1 } END { print s + 0 }'
}

: >"$report.tmp"
out() { echo "$*" | tee -a "$report.tmp"; }

out "== boot to init, 3 GiB guests, $RUNS runs each, in turn =="
for i in $(seq "$RUNS"); do
	boot "dbench-tiny$i" bench
	boot "dbench-deferred$i" bench-deferred
	boot "dbench-distro$i" distro
	echo "$(boot_to_init "boot@dbench-tiny$i") $(boot_to_init "boot@dbench-deferred$i")" \
	     "$(boot_to_init "boot@dbench-distro$i") $(deferred_ms "boot@dbench-deferred$i")" \
	     "$(deferred_ms "boot@dbench-distro$i")"
done >"$BUILD/distro-bench-boot.txt"
read -r t_med t_min t_max < <(col 1 "$BUILD/distro-bench-boot.txt")
read -r d_med d_min d_max < <(col 2 "$BUILD/distro-bench-boot.txt")
read -r x_med x_min x_max < <(col 3 "$BUILD/distro-bench-boot.txt")
read -r dm _ _ < <(col 4 "$BUILD/distro-bench-boot.txt")
read -r xm _ _ < <(col 5 "$BUILD/distro-bench-boot.txt")
out "bench (tinyconfig):              median $t_med s (min $t_min, max $t_max)"
out "bench-deferred (same, deferred): median $d_med s (min $d_min, max $d_max); deferred init $dm ms"
out "distro (Debian cloud-amd64):     median $x_med s (min $x_min, max $x_max); deferred init $xm ms"
out "$(awk -v a="$x_med" -v b="$t_med" 'BEGIN { printf "distro / tinyconfig boot to init: %.3f", a / b }')"
out "$(awk -v a="$t_med" -v b="$d_med" 'BEGIN {
	printf "deferred struct page init changes the boot to init by %+.3f s (%+.1f%%)", b - a, (b - a) * 100 / a }')"

out ""
out "== luod update distro -> distro: blackout ($RUNS runs of each, in turn) =="
luo_blackout distro distro 900 ""
mv "$report.tmp" "$report"
echo "report: $report"
