#!/usr/bin/env bash
# make bench: measurements from one run, reported as ratios against
# baselines taken in the same run. Uses the 'bench' variant (no debug
# checks). Timings come from host timestamps of guest serial lines.
. "$(dirname "$0")/lib.sh"

RUNS=${RUNS:-5}
report=$BUILD/bench-report.txt

"$TOP/scripts/make-tree.sh" >/dev/null
"$TOP/scripts/build-kernel.sh" bench
"$TOP/scripts/build-guest.sh"
INITRD=$BUILD/initramfs-bench.cpio VARIANTS=bench "$TOP/scripts/mkinitramfs.sh" >/dev/null 2>&1
export INITRD=$BUILD/initramfs-bench.cpio

# times NAME: "boot-to-init reboot-to-init" seconds of one bench run log
times() {
	awk '/HOST: started/ { t0 = $1 }
	     /LUO: init/ && !i1 { i1 = $1; next }
	     /LUOMARK: kexec-reboot/ { r = $1 }
	     /LUO: init/ && r && !i2 { i2 = $1 }
	     END { if (i1 && i2) printf "%.3f %.3f\n", i1 - t0, i2 - r }' "$LOGS/$1.log.ts"
}

# stats: median min max of the numbers on stdin
stats() { sort -g | awk '{ v[NR] = $1 } END { printf "%.3f %.3f %.3f\n", v[int((NR + 1) / 2)], v[1], v[NR] }'; }

# run NAME ARGS: one bench boot, or die
run() {
	"$TOP/scripts/qemu-run.sh" "bench@$1" bench 300 "$2" >/dev/null ||
		die "bench run $1 failed (see $LOGS/bench@$1.log)"
}

grab() { sed -n "s/^BENCH: $2/\1/p" "$LOGS/bench@$1.log" | tail -1; }

: >"$report.tmp"
out() { echo "$*" | tee -a "$report.tmp"; }

out "== plain kexec round trip ($RUNS runs, kernel $(cat "$OUT/bench/include/config/kernel.release")) =="
for i in $(seq "$RUNS"); do
	run "plain$i" ""
	times "bench@plain$i"
done >"$BUILD/bench-plain.txt"
read -r boot_med boot_min boot_max < <(cut -d' ' -f1 "$BUILD/bench-plain.txt" | stats)
read -r kx_med kx_min kx_max < <(cut -d' ' -f2 "$BUILD/bench-plain.txt" | stats)
out "boot to init:                median $boot_med s (min $boot_min, max $boot_max)"
out "reboot call to next init:    median $kx_med s (min $kx_min, max $kx_max)"

out ""
out "== KHO: 256 MiB of random-order folios across a kexec ($RUNS runs) =="
for i in $(seq "$RUNS"); do
	run "kho$i" "test_kho.preserve_mib=256"
	echo "$(times "bench@kho$i" | cut -d' ' -f2)" \
	     "$(grab "kho$i" '.*preserve took \([0-9]*\) us.*')" \
	     "$(grab "kho$i" '.*restore took \([0-9]*\) us.*')" \
	     "$(grab "kho$i" '.*verify \([0-9]*\) us.*')"
done >"$BUILD/bench-kho.txt"
read -r k_med k_min k_max < <(cut -d' ' -f1 "$BUILD/bench-kho.txt" | stats)
read -r p_med _ _ < <(cut -d' ' -f2 "$BUILD/bench-kho.txt" | stats)
read -r r_med _ _ < <(cut -d' ' -f3 "$BUILD/bench-kho.txt" | stats)
read -r v_med _ _ < <(cut -d' ' -f4 "$BUILD/bench-kho.txt" | stats)
out "preserve 256 MiB:            median $p_med us"
out "restore 256 MiB:             median $r_med us (checksum check afterwards: $v_med us)"
out "reboot call to next init:    median $k_med s (min $k_min, max $k_max)"
out "$(awk -v k="$k_med" -v p="$kx_med" -v v="$v_med" 'BEGIN {
	printf "KHO kexec / plain kexec:     %.3f (%.3f without the test'"'"'s checksum pass)", k / p, (k - v / 1e6) / p }')"

out ""
out "== KHO preserved-memory map size per preserved GiB =="
run "map0" ""
base=$(grab map0 'memory_map_pages \([0-9]*\)')
for o in 0 9; do
	run "map$o-1g" "test_kho.preserve_mib=1024 test_kho.order=$o"
	pages=$(grab "map$o-1g" 'memory_map_pages \([0-9]*\)')
	limit=$(( (1 << 30) / (4096 << o) / 8 ))
	out "$(awk -v p="$pages" -v b="$base" -v l="$limit" -v o="$o" 'BEGIN {
		bytes = (p - b) * 4096
		printf "order %d: %d bytes per GiB (1-bit limit %d bytes; ratio %.2f)", o, bytes, l, bytes / l }')"
done
mv "$report.tmp" "$report"
echo "report: $report"
