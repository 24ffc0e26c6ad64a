# shellcheck shell=bash
# make bench's size sweep: how every cost of a memfd live update grows with
# the memory handed over. Sourced by bench.sh after benchlib.sh; uses its
# out(), die() and the bench variant.
#
#   SWEEP_MIB   the sizes, in MiB (default 256 1024 2048 4096 8192)
#   SWEEP_RUNS  blackout runs per size (default 3)
#   SWEEP_MEM   guest memory for every run of the sweep (default 10G: the
#               largest size plus the kernels, luod and the page tables)

SWEEP_MIB=${SWEEP_MIB:-256 1024 2048 4096 8192}
SWEEP_RUNS=${SWEEP_RUNS:-3}
SWEEP_MEM=${SWEEP_MEM:-10G}

# sweep_boot NAME TEST ARGS: one bench-variant boot in the sweep's guest
sweep_boot() {
	local tmo=$(( 600 + ${SWEEP_MIB##* } / 4 ))
	LUO_GUEST_MEM=$SWEEP_MEM "$TOP/scripts/qemu-run.sh" "$2@$1" bench "$tmo" "$3" >/dev/null ||
		die "sweep run $1 failed (see $LOGS/$2@$1.log)"
}

# sweep_num LOG SED-EXPRESSION: the last number a log line gives
sweep_num() { sed -n "s/$2/\1/p" "$LOGS/$1.log" | tail -1; }

# sweep_row KIND MIB ARGS: one size's costs as one line of numbers:
# mib preserve memcpy freeze_ms walk_ms kexec_to_init retrieve metadata
# blackout control plain (seconds unless named)
sweep_row() {
	local name=sweep-$1-$2 lk i b bh b0
	sweep_boot "$name" luo-kexec "luoprog=luo_big_memfd luomib=$2 luomemfd=3 $3"
	lk=luo-kexec@$name
	for i in $(seq "$SWEEP_RUNS"); do
		sweep_boot "$name-pres-$i" bench-lu "luomib=$2 $3"
		sweep_boot "$name-hold-$i" bench-lu "luomib=$2 luohold=1 $3"
		sweep_boot "$name-none-$i" bench-lu "luomib=0 $3"
		echo "$(blackout "bench-lu@$name-pres-$i" | cut -d' ' -f1)" \
		     "$(blackout "bench-lu@$name-hold-$i" | cut -d' ' -f1)" \
		     "$(blackout "bench-lu@$name-none-$i" | cut -d' ' -f1)"
	done >"$BUILD/bench-$name.txt"
	read -r b _ _ < <(col 1 "$BUILD/bench-$name.txt")
	read -r bh _ _ < <(col 2 "$BUILD/bench-$name.txt")
	read -r b0 _ _ < <(col 3 "$BUILD/bench-$name.txt")
	echo "$2" \
	     "$(sweep_num "$lk" '.*LUOBENCH: mib=[0-9]* preserve_s=\([0-9.]*\).*')" \
	     "$(sweep_num "$lk" '.*LUOBENCH: .*memcpy_s=\([0-9.]*\).*')" \
	     "$(awk -v ns="$(sweep_num "$lk" '.*freezing and serializing \([0-9]*\) ns.*')" \
		'BEGIN { printf "%.3f", ns / 1e6 }')" \
	     "$(awk -v us="$(sweep_num "$lk" '.*preserved blocks in .* ranges in \([0-9]*\) us.*')" \
		'BEGIN { printf "%.3f", us / 1e3 }')" \
	     "$(times "$lk" | cut -d' ' -f2)" \
	     "$(sweep_num "$lk" '.*LUOBENCH: retrieve_s=\([0-9.]*\).*')" \
	     "$(sweep_num "$lk" '.*LUOBENCH: metadata_bytes .*total=\([0-9]*\).*')" \
	     "$b" "$bh" "$b0"
}

# sweep_table FILE: the rows, per-GiB costs and each cost's growth from the
# smallest size to the largest (1.00: linear; above: superlinear)
sweep_table() {
	awk '
	{ n++; for (i = 1; i <= NF; i++) v[n, i] = $i }
	function gib(r) { return v[r, 1] / 1024 }
	# the part of the blackout the handover adds to a plain kexec
	function own(r) { return v[r, 9] - v[r, 11] }
	function line(fmt, a, b, c, d, e, f, g, h, k, l, m) {
		printf fmt, a, b, c, d, e, f, g, h, k, l, m
	}
	END {
		line("%7s %9s %8s %7s %8s %8s %9s %9s %10s %9s %9s\n", "MiB", "preserve",
		     "/memcpy", "freeze", "bootwalk", "kexec to", "retrieve", "blackout",
		     "/control", "/plain", "metadata")
		line("%7s %9s %8s %7s %8s %8s %9s %9s %10s %9s %9s\n", "", "s", "",
		     "ms", "ms", "init s", "s", "s", "(< 1.05)", "", "B/GiB")
		for (r = 1; r <= n; r++)
			line("%7d %9.3f %8.4f %7.1f %8.1f %8.3f %9.3f %9.3f %10.3f %9.3f %9d\n",
			     v[r, 1], v[r, 2], v[r, 2] / v[r, 3], v[r, 4], v[r, 5], v[r, 6],
			     v[r, 7], v[r, 9], v[r, 9] / v[r, 10], v[r, 9] / v[r, 11],
			     v[r, 8] / gib(r))
		print "per GiB (growth: per GiB at the largest size over per GiB at the smallest):"
		split("preserve s|freeze ms|boot walk ms|retrieve s|blackout beyond a plain kexec s|control beyond a plain kexec s|metadata B", names, "|")
		split("2 4 5 7 0 -1 8", cols, " ")
		for (c = 1; c <= 7; c++) {
			printf "  %-32s", names[c]
			for (r = 1; r <= n; r++) {
				x = cols[c] > 0 ? v[r, cols[c]] : cols[c] == 0 ? own(r) : v[r, 10] - v[r, 11]
				per[r] = x / gib(r)
				printf " %10.4f", per[r]
			}
			printf "   growth %s\n", per[1] ? sprintf("%.2f", per[n] / per[1]) : "-"
		}
	}' "$1"
}

# size_sweep KIND ARGS: the sweep for one kind of folio, through out()
size_sweep() {
	local mib f=$BUILD/bench-sweep-$1.txt
	for mib in $SWEEP_MIB; do
		sweep_row "$1" "$mib" "$2"
	done >"$f"
	while IFS= read -r line; do out "$line"; done < <(sweep_table "$f")
}
