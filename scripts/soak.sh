#!/usr/bin/env bash
# 'make soak': the luod live update distro -> distro (a 1 GiB memfd),
# SOAK_RUNS times (default 30: a failure of one run in ten shows up with
# 96 % probability). Every run must pass; a failing run's logs are kept as
# build/logs/soak-<n>.log. Builds what it needs, like distro-check.
# SOAK_TEST names another test of tests/qemu-tests-distro or
# tests/qemu-tests (e.g. luo-race), SOAK_ARGS adds words to its arguments
# (e.g. luoiters=2000, qemu.smp=1 or qemu.accel=tcg,thread=single),
# SOAK_TIMEOUT replaces the test's timeout, SOAK_BUILD=0 skips the builds.
. "$(dirname "$0")/lib.sh"

runs=${SOAK_RUNS:-30}
test=${SOAK_TEST:-luod-update@distro-distro}
line=$(awk -v t="$test" '$1 == t' "$TOP/tests/qemu-tests-distro")
if [ -n "$line" ]; then
	export VARIANTS="new distro" INITRD=$BUILD/initramfs-distro.cpio
	# One host thread for all vCPUs: QEMU's multi-threaded TCG runs
	# stale int3 bytes of live code patching, which Debian's kernel
	# does (README.md).
	export LUO_QEMU_ACCEL=${LUO_QEMU_ACCEL:-tcg,thread=single}
else
	line=$(awk -v t="$test" '$1 == t' "$TOP/tests/qemu-tests")
	export INITRD=$BUILD/initramfs.cpio
fi
[ -n "$line" ] || die "no test $test in tests/qemu-tests-distro or tests/qemu-tests"
if [ "${SOAK_BUILD:-1}" = 1 ]; then
	"$TOP/scripts/deps.sh"
	"$TOP/scripts/make-tree.sh" >/dev/null
	for v in ${VARIANTS:-old new next mod}; do
		"$TOP/scripts/build-kernel.sh" "$v"
	done
	"$TOP/scripts/build-guest.sh"
	"$TOP/scripts/mkinitramfs.sh" "$INITRD"
fi

read -r name kernel tmo args <<<"$line"
args="$args ${SOAK_ARGS:-}"
tmo=${SOAK_TIMEOUT:-$tmo}
pass=0 fail=0
for i in $(seq 1 "$runs"); do
	if "$TOP/scripts/qemu-run.sh" "$name" "$kernel" "$tmo" "$args" >"$LOGS/soak-run.txt" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		cp "$LOGS/$name.log" "$LOGS/soak-$i.log"
		note "run $i failed (build/logs/soak-$i.log):"
		grep -a -m1 -E 'Oops|BUG:|panic|WARNING:|LUOTEST-RESULT' "$LOGS/soak-$i.log" >&2
	fi
	note "$name run $i/$runs: $pass passed, $fail failed"
done
echo "soak $name: $pass passed, $fail failed"
[ $fail -eq 0 ]
