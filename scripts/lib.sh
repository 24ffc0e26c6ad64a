# Common settings for the scripts in this directory. Sourced, not run.
# shellcheck shell=bash

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=${TREE:-$BUILD/linux}
OUT=${OUT:-$BUILD/out}
CACHE=${LUO_CACHE:-$BUILD/cache}
LOGS=${LOGS:-$BUILD/logs}
INITRD=${INITRD:-$BUILD/initramfs.cpio}
GUEST=${GUEST:-$BUILD/guest}
JOBS=${JOBS:-$(nproc)}

# Fixed identity and dates so that the base commit and every applied
# patch get the same hash on every machine.
BASE_IDENT_NAME="Debian linux-source"
BASE_IDENT_EMAIL="debian-kernel@lists.debian.org"
BASE_DATE="2000-01-01T00:00:00+0000"
AM_IDENT_NAME="luo series"
AM_IDENT_EMAIL="luo@localhost"

die() { echo "${0##*/}: error: $*" >&2; exit 1; }
note() { echo "${0##*/}: $*" >&2; }

# shellcheck source=../BASE
. "$TOP/BASE"

# Run git in the kernel tree without its background gc (see build-notes).
tgit() { git -C "$TREE" -c gc.auto=0 -c core.abbrev=12 "$@"; }

# variant_frags VARIANT: the fragments a variant's '# use:' lines name, in
# order, then the variant's own file (last one wins).
variant_frags() {
	local f
	for f in $(sed -n 's/^# use: *//p' "$TOP/config/variants/$1"); do
		echo "$TOP/config/$f"
	done
	echo "$TOP/config/variants/$1"
}

# build_selftests SRC HDR BINDIR: the liveupdate kselftests of the kernel
# tree SRC, static, against the UAPI headers installed in HDR, one binary
# each in BINDIR; one that is newer than its sources is kept.
build_selftests() {
	local st=$1/tools/testing/selftests/liveupdate src bin
	[ -f "$st/Makefile" ] || return 0
	for src in "$st"/*.c; do
		case $src in */luo_test_utils.c) continue ;; esac
		bin=$3/$(basename "$src" .c)
		[ "$bin" -nt "$src" ] && [ "$bin" -nt "$st/luo_test_utils.c" ] &&
			[ "$bin" -nt "$st/luo_test_utils.h" ] &&
			[ "$bin" -nt "$2/include/linux/liveupdate.h" ] && continue
		gcc -static -s -O2 -Wall -Werror -I"$1/tools/testing/selftests" \
			-I"$2/include" -o "$bin" "$src" "$st/luo_test_utils.c" 2>&1 ||
			{ echo "cannot build $src" >&2; return 1; }
	done
}

# kbuild_env [ARCH]: what every kernel build here exports: a fixed user,
# host and date (reproducible images), and ccache with paths relative to
# build/ (hits across clones).
kbuild_env() {
	export ARCH=${1:-x86_64} KBUILD_BUILD_USER=luo KBUILD_BUILD_HOST=qemu
	export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
	export CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros
	export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
}

# kmake SRC OUT ARGS...: make in the kernel tree SRC, objects in OUT.
kmake() {
	local src=$1 out=$2
	shift 2
	make -s -C "$src" O="$out" LOCALVERSION= CC="ccache ${KCC:-gcc}" HOSTCC="ccache gcc" \
		-j"$JOBS" "$@"
}

# configure_as_new SRC OUT: OUT configured from tinyconfig and the 'new'
# variant's fragments, for a tree SRC that may hold only a prefix of the
# series (the options it does not know yet drop out).
configure_as_new() {
	local frags
	mapfile -t frags < <(variant_frags new)
	kmake "$1" "$2" tinyconfig >/dev/null
	KCONFIG_CONFIG=$2/.config "$1/scripts/kconfig/merge_config.sh" -m -O "$2" \
		"$2/.config" "${frags[@]}" >/dev/null 2>&1
	kmake "$1" "$2" olddefconfig >/dev/null
}
