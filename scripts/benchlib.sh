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

# blackout NAME: luod's reboot call to the file retrieved in the next
# kernel, and of that, the part up to the next kernel's init
blackout() {
	awk '/luod: update: kexec reboot/ { t0 = $1 } t0 && /LUO: init/ && !i { i = $1 }
	     t0 && /LUOMARK: ready/ { printf "%.3f %.3f\n", $1 - t0, i - t0; exit }' "$LOGS/$1.log.ts"
}

# stats: median min max of the numbers on stdin
stats() { sort -g | awk '{ v[NR] = $1 } END { printf "%.3f %.3f %.3f\n", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
# col FIELD FILE: stats of one space-separated column of FILE
col() { cut -d' ' -f"$1" "$2" | stats; }
