#!/usr/bin/env bash
# 'make distro-check' and 'make kasan': the tests of tests/qemu-tests-NAME
# in the kernels of variant NAME (and new, the other side of mixed
# updates). Builds both, an initramfs holding them
# (build/initramfs-NAME.cpio), runs the KUnit suites in NAME and every test
# of the list, and ends with "N passed, N failed" (also in
# build/NAME-check-summary). Too long for make check: see README.md.
#   distro  Debian's cloud-amd64 config with live update on
#   kasan   new with generic KASAN and UBSAN (the fuzzer, races, faults)
. "$(dirname "$0")/lib.sh"
set +e

name=${1:?usage: list-check.sh distro|kasan}
[ -f "$TOP/tests/qemu-tests-$name" ] || die "no tests/qemu-tests-$name"
# shellcheck source=checklib.sh
. "$TOP/scripts/checklib.sh"
SUMMARY=$BUILD/$name-check-summary
export VARIANTS="new $name" INITRD=$BUILD/initramfs-$name.cpio
# One host thread for all vCPUs: QEMU's multi-threaded TCG runs stale int3
# bytes of live code patching, which Debian's kernel does (README.md).
[ "$name" = distro ] && export LUO_QEMU_ACCEL=${LUO_QEMU_ACCEL:-tcg,thread=single}
check_begin

run deps "$TOP/scripts/deps.sh" || { summary "0 passed, 1 failed"; exit 1; }
run tree "$TOP/scripts/make-tree.sh" || { summary "0 passed, 1 failed"; exit 1; }
ok=1
for v in $VARIANTS; do
	run "build/$v" "$TOP/scripts/build-kernel.sh" "$v" || ok=0
done
if [ $ok = 1 ] &&
   run guest-initramfs sh -c "'$TOP/scripts/build-guest.sh' && '$TOP/scripts/mkinitramfs.sh' '$INITRD'"; then
	run "kunit@$name" "$TOP/scripts/kunit.sh" "$name"
	run_qemu_list "$TOP/tests/qemu-tests-$name"
fi
check_end "$name-check"
