#!/usr/bin/env bash
# 'make soak': the luod live update distro -> distro (a 1 GiB memfd),
# SOAK_RUNS times (default 30: a failure of one run in ten shows up with
# 96 % probability). Every run must pass; run N's log is
# build/logs/<test>-soak<N>.log. Builds what it needs, like distro-check.
# SOAK_TEST names another test of tests/qemu-tests-distro or
# tests/qemu-tests (e.g. luo-race), SOAK_ARGS adds words to its arguments
# (e.g. luoiters=2000, qemu.smp=1 or qemu.accel=tcg,thread=single),
# SOAK_TIMEOUT replaces the test's timeout, SOAK_BUILD=0 skips the builds,
# SOAK_JOBS sets how many run at a time.
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
# Guests on one host thread (the distro tests) run one per host CPU at a
# time; multi-threaded ones one at a time. SOAK_JOBS overrides.
par=1
[ "${LUO_QEMU_ACCEL:-}" = tcg,thread=single ] && par=$JOBS
par=${SOAK_JOBS:-$par}

# run_one I: run I of the test, logged as build/logs/<name>-soak<I>.log
# (the guest runs the test before the '@'); its verdict in a .verdict file
run_one() {
	local n=$name-soak$1 v=PASS
	"$TOP/scripts/qemu-run.sh" "$n" "$kernel" "$tmo" "$args" >/dev/null 2>&1 || v=FAIL
	echo $v >"$LOGS/$n.verdict"
	if [ $v = FAIL ]; then
		note "run $1 failed (build/logs/$n.log):"
		grep -a -m1 -E 'Oops|BUG:|panic|WARNING:|LUOTEST-RESULT' "$LOGS/$n.log" >&2
	fi
	note "$name run $1/$runs: $v"
}

mkdir -p "$LOGS"
rm -f "$LOGS/$name"-soak*
for i in $(seq 1 "$runs"); do
	while [ "$(jobs -rp | wc -l)" -ge "$par" ]; do wait -n || true; done
	run_one "$i" &
done
wait
pass=$(cat "$LOGS/$name"-soak*.verdict 2>/dev/null | grep -c PASS || true)
fail=$((runs - pass))
echo "soak $name: $pass passed, $fail failed ($par at a time)"
[ $fail -eq 0 ]
