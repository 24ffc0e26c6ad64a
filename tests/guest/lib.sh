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

# The kernel log; with LUO_ALLOC_FAILURES=1 (a fault-injection test)
# without the allocator's reports of the failures it asked for, which end
# with their stack dump.
kernel_log() {
	if [ "${LUO_ALLOC_FAILURES:-0}" = 1 ]; then
		dmesg | awk '/page allocation failure:|vmalloc error:/ { skip = 1 }
			!skip { print } /<\/TASK>/ { skip = 0 }'
	else
		dmesg
	fi
}

# Leak scan and a look for warnings in this kernel's log. Returns 1 on
# any finding, after printing it.
check_health() {
	_bad=0
	_warn='WARNING:|BUG:|UBSAN:|Oops|general protection|Call Trace:'
	if [ -w /sys/kernel/debug/kmemleak ]; then
		echo scan >/sys/kernel/debug/kmemleak
		if [ -s /sys/kernel/debug/kmemleak ]; then
			echo "LUOTEST: kmemleak found leaks:"
			cat /sys/kernel/debug/kmemleak
			_bad=1
		fi
	fi
	if kernel_log | grep -E -q "$_warn"; then
		echo "LUOTEST: the kernel log has warnings:"
		kernel_log | grep -E -B2 -A20 "$_warn" | head -60
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

# workload_hold MIB SEED [interleave]: start lu-workload holding MIB MiB
# of its pattern in a memfd (its fd 3), as process $holder, and wait until
# it is full; with interleave, spread over all NUMA nodes.
workload_hold() {
	lu-workload hold "$@" >/tmp/holder &
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

# Fails unless every pageblock of the outgoing scratch areas is MIGRATE_CMA
# (counted in /proc/pagetypeinfo; other CMA areas only add to the count):
# otherwise unmovable memory, which could be preserved, may land there.
scratch_is_cma() {
	_pb=$(sed -n 's/^Pages per block: *//p' /proc/pagetypeinfo)
	_want=0
	while read -r _a _s _n; do
		_want=$((_want + _s / (_pb * 4096)))
	done </sys/kernel/debug/kho/out/scratch
	_have=$(awk '/^Number of blocks type/ { for (i = 1; i <= NF; i++) if ($i == "CMA") c = i }
		c && /^Node .*zone/ { n += $c } END { print n + 0 }' /proc/pagetypeinfo)
	[ "$_want" -gt 0 ] || fail "no scratch areas in kho/out/scratch"
	[ "$_have" -ge "$_want" ] ||
		fail "only $_have CMA pageblocks for $_want scratch pageblocks"
	echo "LUOTEST: $_want scratch pageblocks, $_have CMA pageblocks"
}

# Shmem of NUMA node $1 in KiB.
node_shmem_kib() {
	sed -n 's/^Node [0-9]* Shmem: *\([0-9]*\) kB/\1/p' \
		"/sys/devices/system/node/node$1/meminfo"
}

# Fails unless each of nodes 0 and 1 holds at least $1 KiB of shmem.
shmem_on_both_nodes() {
	for _n in 0 1; do
		_k=$(node_shmem_kib $_n)
		echo "LUOTEST: node $_n shmem ${_k} kB"
		[ "${_k:-0}" -ge "$1" ] || fail "node $_n holds only ${_k} kB of shmem"
	done
}

# In a KHO boot: every node with memory has a scratch area, and each of
# this kernel's per-node early allocations (kho/early: node data, per-CPU
# areas) lies in a scratch area of its own node.
early_in_node_scratch() {
	_d=/sys/kernel/debug/kho
	cat $_d/out/scratch $_d/early
	awk 'BEGIN { n = 0 }
	     FILENAME ~ /scratch$/ { lo[n] = $1 + 0; hi[n] = lo[n] + $2; nd[n++] = $3; has[$3] = 1; next }
	     $1 == "pgdat" && !has[$2] { print "node " $2 " has no scratch area"; bad = 1 }
	     { node = ($1 == "pgdat") ? $2 : $3; a = $NF + 0; ok = 0
	       for (i = 0; i < n; i++) if (a >= lo[i] && a < hi[i] && nd[i] == node) ok = 1
	       if (!ok) { print $0 ": not in a scratch area of node " node; bad = 1 } }
	     END { exit bad }' $_d/out/scratch $_d/early ||
		fail "early allocations outside their node's scratch"
}

# Mount cgroup v2 with the memory controller, and make group $1.
memcg_group() {
	mkdir -p /sys/fs/cgroup
	grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts ||
		mount -t cgroup2 none /sys/fs/cgroup || fail "cannot mount cgroup2"
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control ||
		fail "no memory controller"
	mkdir -p "/sys/fs/cgroup/$1"
}
