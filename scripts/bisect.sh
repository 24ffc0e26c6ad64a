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

# bisect_selftests SRC OUT: build every liveupdate selftest SRC has.
bisect_selftests() {
	local st=$1/tools/testing/selftests/liveupdate hdr=$2/bisect-headers src
	[ -d "$st" ] || return 0
	rm -rf "$hdr"
	kmake "$1" "$2" headers_install INSTALL_HDR_PATH="$hdr" >/dev/null || return 1
	for src in "$st"/*.c; do
		case $src in */luo_test_utils.c) continue ;; esac
		gcc -static -s -O2 -Wall -Werror -I"$1/tools/testing/selftests" \
			-I"$hdr/include" -o "$2/bisect-selftest" "$src" \
			"$st/luo_test_utils.c" || return 1
	done
}

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
	if ! bisect_selftests "$wt" "$o"; then
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
