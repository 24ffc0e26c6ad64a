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
"$TOP/scripts/build-kernel.sh" old >/dev/null
"$TOP/scripts/build-kernel.sh" new >/dev/null
"$TOP/scripts/build-kernel.sh" next >/dev/null
make -s -C "$TOP/luod" KHDR="$BUILD/headers/include"
INITRD=$BUILD/initramfs-bench.cpio VARIANTS="bench old new next" "$TOP/scripts/mkinitramfs.sh" >/dev/null 2>&1
export INITRD=$BUILD/initramfs-bench.cpio

# shellcheck source=benchlib.sh
. "$TOP/scripts/benchlib.sh"
# shellcheck source=benchsweep.sh
. "$TOP/scripts/benchsweep.sh"

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
read -r boot_med boot_min boot_max < <(col 1 "$BUILD/bench-plain.txt")
read -r kx_med kx_min kx_max < <(col 2 "$BUILD/bench-plain.txt")
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
read -r k_med k_min k_max < <(col 1 "$BUILD/bench-kho.txt")
read -r p_med _ _ < <(col 2 "$BUILD/bench-kho.txt")
read -r r_med _ _ < <(col 3 "$BUILD/bench-kho.txt")
read -r v_med _ _ < <(col 4 "$BUILD/bench-kho.txt")
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
out "(counted in whole 4 KiB pages of the tracker's radix tree: at order 9 one"
out " leaf covers 64 GiB, so the first GiB pays for a leaf and its tables)"

# luo_1g KIND ARGS: a 1 GiB memfd preserved, copied and retrieved
luo_1g() {
	local name=luo-kexec@bench-1g-$1
	"$TOP/scripts/qemu-run.sh" "$name" bench 600 "luoprog=luo_big_memfd $2" >/dev/null ||
		die "the 1 GiB memfd run failed (see $LOGS/$name.log)"
	lb() { sed -n "s/^LUOBENCH: .*$1=\([0-9.]*\).*/\1/p" "$LOGS/$name.log" | tail -1; }
	out "$(awk -v p="$(lb preserve_s)" -v c="$(lb memcpy_s)" 'BEGIN {
		printf "preserve 1 GiB: %.3f s; memcpy 1 GiB: %.3f s; preserve / copy: %.4f (target < 0.02)", p, c, p / c }')"
	out "retrieve 1 GiB in the next kernel: $(lb retrieve_s) s"
	out "$(awk '/^LUOBENCH: metadata_bytes/ {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		printf "handover metadata per preserved GiB: %d bytes (memfd records %d, KHO memory map %d): %.4f%% of the GiB\n",
			v["total"], v["memfd"], v["kho_map"], v["total"] * 100 / 2^30 }' "$LOGS/$name.log" | tail -1)"
}

out ""
out "== LUO: a 1 GiB memfd of 4 KiB folios =="
luo_1g 4k ""
luo_blackout 4k bench 600 ""
out ""
out "== LUO: a 1 GiB memfd of 2 MiB folios (shmem THP) =="
luo_1g thp "luothp=1"
luo_blackout thp bench 600 "luothp=1"

out ""
out "== size sweep, 4 KiB folios ($SWEEP_RUNS blackout runs per size, guest of $SWEEP_MEM) =="
size_sweep 4k ""
out ""
out "== size sweep, 2 MiB folios (shmem THP) =="
size_sweep thp "luothp=1"

out ""
out "== versions section and LUO's boot cost =="
objcopy --dump-section .liveupdate_versions="$BUILD/bench-section.bin" \
	"$OUT/bench/vmlinux" 2>/dev/null
sec=$(stat -c %s "$BUILD/bench-section.bin")
out "section .liveupdate_versions: $sec bytes ($(( (sec - 16) / 304 )) entries of 304 bytes)"
# LUO's whole boot cost, the versions table included: on and off, in
# turn, BOOT_RUNS pairs, as the host sees it (from QEMU's start) and as the
# kernel's own clock does (to its "Run /init"). The ratio of each pair, so
# that a slow host moment weighs on both halves of it.
BOOT_RUNS=${BOOT_RUNS:-15}
for i in $(seq "$BOOT_RUNS"); do
	run "luoon$i" ""
	run "luooff$i" "liveupdate=off"
	echo "$(boot_to_init "bench@luoon$i") $(boot_to_init "bench@luooff$i")" \
	     "$(kernel_to_init "bench@luoon$i") $(kernel_to_init "bench@luooff$i")"
done >"$BUILD/bench-luooff.txt"
for w in "host:1:2" "kernel:3:4"; do
	IFS=: read -r who on off <<<"$w"
	read -r r rq1 rq3 rmin rmax < <(awk -v a="$on" -v b="$off" '{ print $a / $b }' \
		"$BUILD/bench-luooff.txt" | spread)
	read -r on_med _ _ < <(col "$on" "$BUILD/bench-luooff.txt")
	read -r off_med _ _ < <(col "$off" "$BUILD/bench-luooff.txt")
	out "boot to init ($who clock), LUO on / liveupdate=off: median of $BOOT_RUNS pairs $r" \
	    "(quartiles $rq1-$rq3, min $rmin, max $rmax; median $on_med s / $off_med s; target <= 1.02)"
done

out ""
out "== the kernel's check of the next kernel: load time and blackout =="
# load_ms NAME VARIANT: the median of one variant's loads in a bench-load log
load_ms() {
	awk -v v="$2" '$3 == "load-start" && $4 == v { t = $1 }
	     $3 == "load-end" && $4 == v && t { printf "%.1f\n", ($1 - t) * 1000; t = 0 }' \
		"$LOGS/$1.log.ts" | stats | cut -d' ' -f1
}
for mode in on off; do
	args="luoruns=$RUNS"
	[ $mode = off ] && args="$args liveupdate=off"
	"$TOP/scripts/qemu-run.sh" "bench-load@$mode" bench 600 "$args" >/dev/null ||
		die "load-time run failed (see $LOGS/bench-load@$mode.log)"
done
for v in old new next; do
	img=$OUT/$v/arch/x86/boot/bzImage
	on=$(load_ms bench-load@on "$v")
	off=$(load_ms bench-load@off "$v")
	out "$(awk -v v="$v" -v on="$on" -v off="$off" -v kib="$(( $(stat -c %s "$img") / 1024 ))" \
		-v comp="$("$TOP/luod/build/luod" -j versions "$img" | jq -r '.compression // "none"')" 'BEGIN {
		printf "kexec_file_load of %s (%s, %d KiB): median %.1f ms with the check, %.1f ms without (liveupdate=off): %+.1f ms", v, comp, kib, on, off, on - off }')"
done
# The reboot-time part: the kernel logs how long its check took.
check_ns=$(sed -n 's/.*handed over live update .*check took \([0-9]*\) ns.*/\1/p' \
	"$LOGS"/bench-lu@4k-1024-*.log | stats | cut -d' ' -f1)
read -r b1 _ _ < <(col 3 "$BUILD/bench-blackout-4k.txt")
out "$(awk -v ns="$check_ns" -v b="$b1" 'BEGIN {
	printf "blackout with a 1 GiB memfd: median %.3f s with the check, %.6f s without; the check: %d ns (%.6f%% of the blackout)", b, b - ns / 1e9, ns, ns / 1e7 / b }')"

out ""
out "== luod check, on the host (wall time, peak RSS) =="
for v in old new next; do
	img=$OUT/$v/arch/x86/boot/bzImage
	[ -f "$img" ] || continue
	comp=$("$TOP/luod/build/luod" -j versions "$img" | jq -r '.compression // "none"')
	res=$(sh "$TOP/luod/tests/bench-check.sh" -l "$TOP/luod/build/luod" "$img")
	out "$v ($comp): ${res#*luod check: }"
done
mv "$report.tmp" "$report"
echo "report: $report"
