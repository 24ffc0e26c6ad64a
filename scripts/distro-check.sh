#!/usr/bin/env bash
# 'make distro-check': the series in Debian's own kernel (variant distro,
# Debian's cloud-amd64 config with live update on). Builds new and distro,
# an initramfs holding both, runs the KUnit suites in distro and every
# test of tests/qemu-tests-distro (distro to distro, new to distro and
# back, NUMA, memcg, EFI), and ends with "N passed, N failed" (also in
# build/distro-check-summary). Too long for make check: see README.md.
. "$(dirname "$0")/lib.sh"
set +e

# shellcheck source=checklib.sh
. "$TOP/scripts/checklib.sh"
SUMMARY=$BUILD/distro-check-summary
export VARIANTS="new distro" INITRD=$BUILD/initramfs-distro.cpio
# One host thread for all vCPUs: QEMU's multi-threaded TCG runs stale int3
# bytes of live code patching, which Debian's kernel does (README.md).
export LUO_QEMU_ACCEL=${LUO_QEMU_ACCEL:-tcg,thread=single}
check_begin

run deps "$TOP/scripts/deps.sh" || { summary "0 passed, 1 failed"; exit 1; }
run tree "$TOP/scripts/make-tree.sh" || { summary "0 passed, 1 failed"; exit 1; }
ok=1
for v in $VARIANTS; do
	run "build/$v" "$TOP/scripts/build-kernel.sh" "$v" || ok=0
done
if [ $ok = 1 ] &&
   run guest-initramfs sh -c "'$TOP/scripts/build-guest.sh' && '$TOP/scripts/mkinitramfs.sh' '$INITRD'"; then
	run kunit@distro "$TOP/scripts/kunit.sh" distro
	run_qemu_list "$TOP/tests/qemu-tests-distro"
fi
check_end distro-check
