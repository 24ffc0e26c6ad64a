#!/usr/bin/env bash
# Bisectability: build every prefix of the series (base+1 .. HEAD) with the
# 'new' variant's fragments, compile its liveupdate selftests and boot it
# once in QEMU. Uses its own worktree (build/bisect) and output directory,
# so the main tree is not touched.
# Options the fragments name but a prefix does not have yet are expected.
# BISECT_FROM=N starts at the N-th patch (the earlier ones are taken as
# checked).
. "$(dirname "$0")/lib.sh"

wt=$BUILD/bisect
o=$OUT/bisect
if [ ! -d "$wt" ]; then
	tgit worktree add -q --detach "$wt" base
fi
kbuild_env
mk() { kmake "$wt" "$o" "$@"; }

n=0
for c in $(tgit rev-list --reverse base..HEAD); do
	n=$((n + 1))
	[ "$n" -ge "${BISECT_FROM:-1}" ] || continue
	subject=$(tgit log -1 --format=%s "$c")
	git -C "$wt" checkout -q --detach "$c"
	mkdir -p "$o"
	configure_as_new "$wt" "$o"
	if ! mk bzImage; then
		echo "FAIL prefix $n does not build: $subject"
		exit 1
	fi
	# Its selftests must compile against its own UAPI headers.
	rm -rf "$o/bisect-headers" "$o/bisect-selftests" && mkdir -p "$o/bisect-selftests"
	if ! mk headers_install INSTALL_HDR_PATH="$o/bisect-headers" >/dev/null ||
		! build_selftests "$wt" "$o/bisect-headers" "$o/bisect-selftests"; then
		echo "FAIL prefix $n: its selftests do not compile: $subject"
		exit 1
	fi
	# Boot it: a prefix must also run, with whatever it already has.
	rm -rf "$OUT/bisect-boot" && mkdir -p "$OUT/bisect-boot/arch/x86/boot"
	cp "$o/arch/x86/boot/bzImage" "$OUT/bisect-boot/arch/x86/boot/"
	if ! "$TOP/scripts/qemu-run.sh" "boot@prefix$n" bisect-boot 60 "" >/dev/null; then
		echo "FAIL prefix $n does not boot cleanly: $subject (log: $LOGS/boot@prefix$n.log)"
		exit 1
	fi
	echo "ok   prefix $n: $subject"
done
echo "prefixes ${BISECT_FROM:-1} to $n build and boot"
