#!/usr/bin/env bash
# Bisectability: build every prefix of the series (base+1 .. HEAD) with the
# 'new' variant's fragments and boot it once in QEMU. Uses its own worktree
# (build/bisect) and output directory, so the main tree is not touched.
# Options the fragments name but a prefix does not have yet are expected.
# BISECT_FROM=N starts at the N-th patch (the earlier ones are taken as
# checked).
. "$(dirname "$0")/lib.sh"

wt=$BUILD/bisect
o=$OUT/bisect
if [ ! -d "$wt" ]; then
	tgit worktree add -q --detach "$wt" base
fi
frags=()
for f in $(sed -n 's/^# use: *//p' "$TOP/config/variants/new"); do
	frags+=("$TOP/config/$f")
done
frags+=("$TOP/config/variants/new")

export ARCH=x86_64 KBUILD_BUILD_USER=luo KBUILD_BUILD_HOST=qemu
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
export CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1 CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
mk() { make -s -C "$wt" O="$o" LOCALVERSION= CC="ccache gcc" HOSTCC="ccache gcc" -j"$JOBS" "$@"; }

n=0
for c in $(tgit rev-list --reverse base..HEAD); do
	n=$((n + 1))
	[ "$n" -ge "${BISECT_FROM:-1}" ] || continue
	subject=$(tgit log -1 --format=%s "$c")
	git -C "$wt" checkout -q --detach "$c"
	mkdir -p "$o"
	mk tinyconfig >/dev/null
	KCONFIG_CONFIG=$o/.config "$wt/scripts/kconfig/merge_config.sh" -m -O "$o" \
		"$o/.config" "${frags[@]}" >/dev/null 2>&1
	mk olddefconfig >/dev/null
	if ! mk bzImage; then
		echo "FAIL prefix $n does not build: $subject"
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
