# Helpers for guest test scripts (busybox sh). Sourced by /init and tests.
# A test reads its stage from luostage= (default 1) and moves between
# kernels with kexec_to, which carries the command line over.

# The value of word NAME=value on the kernel command line.
cmdline_arg() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" /proc/cmdline; }

LUOTEST=$(cmdline_arg luotest)
LUOSTAGE=$(cmdline_arg luostage)
LUOSTAGE=${LUOSTAGE:-1}
# The variant this kernel was built as (its release ends in -luo-<variant>).
LUOSELF=$(uname -r | sed 's/.*-luo-//')

# Print a line the host harness looks for. Timestamps are the host's.
mark() { echo "LUOMARK: $*"; }

# result PASS|FAIL [why]: the verdict line the host harness parses.
result() {
	check_health || set -- FAIL "kernel reported a problem (see above)"
	echo "LUOTEST-RESULT: $LUOTEST $*"
}

fail() { echo "LUOTEST: FAIL: $*"; result FAIL "$*"; sync; reboot -f; }

# The guest command line without our per-stage words.
base_cmdline() {
	sed -e 's/ *luostage=[0-9]*//g' -e 's/ *luoexpect=[^ ]*//g' /proc/cmdline
}

# kexec_load_only VARIANT STAGE [extra cmdline]: load the variant with
# kexec_file_load (Debian's kexec -s), for a later kexec -e.
kexec_load_only() {
	_v=$1 _s=$2 _extra=$3
	[ -f "/boot/bzImage-$_v" ] || fail "no kernel image for variant $_v"
	kexec -s -l "/boot/bzImage-$_v" --initrd=/sys/firmware/initrd \
		--append="$(base_cmdline) luostage=$_s $_extra" ||
		fail "kexec load of $_v failed"
}

# kexec_to VARIANT STAGE [extra cmdline]: load the variant with
# kexec_file_load (Debian's kexec -s) and reboot into it.
kexec_to() {
	kexec_load_only "$@"
	check_health || fail "kernel reported a problem before kexec"
	mark "kexec-reboot to $_v stage $_s"
	kexec -e
	fail "kexec -e returned"
}

# Leak scan and a look for warnings in this kernel's log. Returns 1 on
# any finding, after printing it.
check_health() {
	_bad=0
	if [ -w /sys/kernel/debug/kmemleak ]; then
		echo scan >/sys/kernel/debug/kmemleak
		if [ -s /sys/kernel/debug/kmemleak ]; then
			echo "LUOTEST: kmemleak found leaks:"
			cat /sys/kernel/debug/kmemleak
			_bad=1
		fi
	fi
	if dmesg | grep -E -q 'WARNING:|BUG:|Oops|general protection|Call Trace:'; then
		echo "LUOTEST: the kernel log has warnings:"
		dmesg | grep -E -B2 -A20 'WARNING:|BUG:|Oops|general protection|Call Trace:' | head -60
		_bad=1
	fi
	return $_bad
}

# True if this kernel's log matches the extended regular expression.
dmesg_has() { dmesg | grep -E -q "$1"; }

# The kernel of variant $1 and the initrd we were booted with, loaded by our
# own minimal kexec_file_load client instead of Debian's kexec.
kexec_to_own() {
	_v=$1 _s=$2 _extra=$3
	check_health || fail "kernel reported a problem before kexec"
	mark "kexec-reboot to $_v stage $_s (lu-kexec)"
	lu-kexec "/boot/bzImage-$_v" /sys/firmware/initrd \
		"$(base_cmdline) luostage=$_s $_extra"
	fail "lu-kexec returned"
}

# workload_hold MIB SEED: start lu-workload holding MIB MiB of its pattern
# in a memfd (its fd 3), as process $holder, and wait until it is full.
workload_hold() {
	lu-workload hold "$1" "$2" >/tmp/holder &
	holder=$!
	while ! grep -q ready /tmp/holder; do
		kill -0 "$holder" 2>/dev/null || fail "lu-workload died"
		sleep 0.2
	done
}

# Start luod's daemon in the background, logging to the console, and wait
# for its socket.
luod_start() {
	luod daemon >/dev/console 2>&1 &
	_i=0
	while [ ! -S /run/luod.sock ] && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -S /run/luod.sock ] || fail "luod did not start"
}

# The incoming report, "<format> <result>" per line.
incoming_components() {
	for _d in /sys/kernel/liveupdate/incoming/components/*/; do
		[ -d "$_d" ] && echo "$(basename "$_d") $(cat "$_d/result")"
	done
}

# This kernel's formats, "<format> <kind> <caps> <selected>" per line.
formats_table() {
	for _d in /sys/kernel/liveupdate/formats/*/; do
		[ -d "$_d" ] || continue
		echo "$(basename "$_d") $(cat "$_d/kind") $(cat "$_d/caps") $(cat "$_d/selected")"
	done
}
