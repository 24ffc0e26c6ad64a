# shellcheck shell=bash
# Helpers of make bench and make distro-bench: timings from the host
# timestamps (.ts files) of guest serial lines, and their statistics.

# times NAME: "boot-to-init reboot-to-init" seconds of one kexec run's log
times() {
	awk '/HOST: started/ { t0 = $1 }
	     /LUO: init/ && !i1 { i1 = $1; next }
	     /LUOMARK: kexec-reboot/ { r = $1 }
	     /LUO: init/ && r && !i2 { i2 = $1 }
	     END { if (i1 && i2) printf "%.3f %.3f\n", i1 - t0, i2 - r }' "$LOGS/$1.log.ts"
}

# boot_to_init NAME: seconds from QEMU's start to the first init of a log
boot_to_init() {
	awk '/HOST: started/ { t0 = $1 } /LUO: init/ { printf "%.3f\n", $1 - t0; exit }' \
		"$LOGS/$1.log.ts"
}

# kernel_to_init NAME: the kernel's own clock when it first runs init: the
# boot without the emulator's start and firmware, which vary run to run
kernel_to_init() {
	sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' "$LOGS/$1.log" | head -1
}

# blackout NAME: luod's reboot call to the file retrieved in the next
# kernel, and of that, the part up to the next kernel's init
blackout() {
	awk '/luod: update: kexec reboot/ { t0 = $1 } t0 && /LUO: init/ && !i { i = $1 }
	     t0 && /LUOMARK: ready/ { printf "%.3f %.3f\n", $1 - t0, i - t0; exit }' "$LOGS/$1.log.ts"
}

# spread: "median q1 q3 min max" of the numbers on stdin (quartiles by rank)
spread() {
	sort -g | awk '{ v[NR] = $1 } END {
		printf "%.3f %.3f %.3f %.3f %.3f\n", v[int((NR + 1) / 2)],
			v[int((NR + 3) / 4)], v[int((3 * NR + 3) / 4)], v[1], v[NR] }'
}
# stats: median min max of the numbers on stdin
stats() { spread | cut -d' ' -f1,4,5; }
# col FIELD FILE: stats of one space-separated column of FILE
col() { cut -d' ' -f"$1" "$2" | stats; }

# luo_blackout KIND VARIANT TIMEOUT ARGS: RUNS (the caller's) luod updates
# each with nothing, with 1 GiB preserved, and with 1 GiB filled but not
# preserved (the control: what dirty guest RAM alone costs the emulator),
# in turn; the medians and ratios, through the caller's out()
luo_blackout() {
	local runs="0:luomib=0 1024:luomib=1024 hold:luomib=1024_luohold=1" r args i f
	local b0 k0 b1 b1min b1max k1 bh kh
	f=$BUILD/bench-blackout-$1.txt
	# shellcheck disable=SC2153 # RUNS is the caller's
	for i in $(seq "$RUNS"); do
		for r in $runs; do
			args=${r#*:}
			"$TOP/scripts/qemu-run.sh" "bench-lu@$1-${r%%:*}-$i" "$2" "$3" "${args//_/ } $4" >/dev/null ||
				die "blackout run failed (see $LOGS/bench-lu@$1-${r%%:*}-$i.log)"
		done
		echo "$(blackout "bench-lu@$1-0-$i") $(blackout "bench-lu@$1-1024-$i")" \
		     "$(blackout "bench-lu@$1-hold-$i")"
	done >"$f"
	read -r b0 _ _ < <(col 1 "$f")
	read -r k0 _ _ < <(col 2 "$f")
	read -r b1 b1min b1max < <(col 3 "$f")
	read -r k1 _ _ < <(col 4 "$f")
	read -r bh _ _ < <(col 5 "$f")
	read -r kh _ _ < <(col 6 "$f")
	out "blackout, luod kexec with nothing preserved: median $b0 s ($k0 s of it to init)"
	out "blackout, luod kexec with a 1 GiB memfd:     median $b1 s (min $b1min, max $b1max; $k1 s to init)"
	out "blackout, 1 GiB filled, nothing preserved:   median $bh s ($kh s to init; emulator control)"
	out "$(awk -v a="$b1" -v b="$b0" 'BEGIN { printf "1 GiB live update / plain kexec: %.3f (target < 1.05)", a / b }')"
	out "$(awk -v a="$b1" -v h="$bh" 'BEGIN { printf "1 GiB live update / control:     %.3f (the part that is live update'"'"'s own)", a / h }')"
}
