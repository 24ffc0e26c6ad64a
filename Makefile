# Versioned live update for Linux 6.12: see README.md.
#
#   make demo     build, boot two kernels in QEMU, live update between them
#   make check    every test (what CI runs)
#   make bench    measurements, as ratios from one run
#   make tree     the kernel git tree in build/linux (base + patches/)
#   make export   write build/linux's commits back to patches/
#   make bisect   build and boot every prefix of the series (slow)
#   make distro-check  the series in Debian's own kernel config (slow)
#   make distro-bench  Debian's kernel measured: boot, deferred init, blackout
#   make kasan    the fuzzer, races and faults under KASAN and UBSAN (slow)
#   make soak     the distro live update, SOAK_RUNS times (default 30)
#   make matrix   the test robot's checks: W=1 per patch, sparse, cocci, clang, i386...

VARIANTS ?= old new next mod
S := scripts

.PHONY: all deps tree export kernels guest initramfs qemu-tests kunit demo \
	check bench bisect luod clean help distro-check distro-bench kasan soak matrix

all help:
	@sed -n 's/^#   //p' Makefile

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/make-tree.sh

export:
	@$(S)/export.sh

kernels: deps
	@for v in $(VARIANTS); do $(S)/build-kernel.sh $$v || exit 1; done

luod: deps
	@$(MAKE) -s -C luod

guest: kernels
	@$(S)/build-guest.sh

initramfs: guest
	@$(S)/mkinitramfs.sh

qemu-tests: initramfs
	@$(S)/qemu-tests.sh $(TESTS)

kunit: initramfs
	@$(S)/kunit.sh

demo:
	@$(S)/demo.sh

check:
	@$(S)/check.sh

bench: deps
	@$(S)/bench.sh

bisect: tree
	@$(S)/bisect.sh

distro-check:
	@$(S)/list-check.sh distro

distro-bench:
	@$(S)/distro-bench.sh

kasan:
	@$(S)/list-check.sh kasan

soak:
	@$(S)/soak.sh

matrix:
	@$(S)/matrix.sh

clean:
	rm -rf build/out build/guest build/logs build/initramfs*.cpio build/headers
	$(MAKE) -s -C luod clean
