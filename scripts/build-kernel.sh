#!/usr/bin/env bash
# Build one kernel variant: tinyconfig + the fragments its file names
# ('# use:' lines) + the variant file itself, in build/out/<variant>.
# Fails when olddefconfig dropped or changed any requested option.
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: build-kernel.sh VARIANT [make targets...]}
shift
targets=("$@")
# Default targets: the variant's '# targets:' line, else bzImage.
[ ${#targets[@]} -gt 0 ] ||
	read -r -a targets < <(sed -n 's/^# targets: *//p' "$TOP/config/variants/$variant")
[ ${#targets[@]} -gt 0 ] || targets=(bzImage)

vfile=$TOP/config/variants/$variant
[ -f "$vfile" ] || die "unknown variant '$variant' (see config/variants/)"
[ -e "$TREE/.git" ] || die "no kernel tree; run 'make tree'"

frags=()
for f in $(sed -n 's/^# use: *//p' "$vfile"); do
	frags+=("$TOP/config/$f")
done
frags+=("$vfile")

o=$OUT/$variant
mkdir -p "$o"
export ARCH=x86_64
export KBUILD_BUILD_USER=luo KBUILD_BUILD_HOST=qemu
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
export CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
mk() { make -s -C "$TREE" O="$o" LOCALVERSION= CC="ccache gcc" HOSTCC="ccache gcc" -j"$JOBS" "$@"; }

# (Re)configure only when a fragment or the tree's Kconfig changed.
sig=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)-$(tgit rev-parse HEAD:arch/x86/Kconfig)
if [ ! -f "$o/.config" ] || [ "$(cat "$o/.fragsig" 2>/dev/null)" != "$sig" ] ||
   [ "$(tgit diff base -- '*Kconfig*' | sha256sum)" != "$(cat "$o/.kconfigsig" 2>/dev/null)" ]; then
	mk tinyconfig >/dev/null
	KCONFIG_CONFIG=$o/.config "$TREE/scripts/kconfig/merge_config.sh" -m -O "$o" \
		"$o/.config" "${frags[@]}" >/dev/null
	mk olddefconfig >/dev/null
	echo "$sig" >"$o/.fragsig"
	tgit diff base -- '*Kconfig*' | sha256sum >"$o/.kconfigsig"
fi

# Every requested option must have survived olddefconfig (last one wins).
# With LUO_CONFIG_LENIENT=1 (a tree without every patch of the series yet)
# a symbol the tree's Kconfig does not define is skipped, not reported.
bad=0
known=
if [ "${LUO_CONFIG_LENIENT:-0}" = 1 ]; then
	known=$(tgit grep -h -E '^(menu)?config [A-Za-z0-9_]+$' -- '*Kconfig*' |
		sed 's/^.*config /CONFIG_/' | sort -u)
fi
while IFS='=' read -r sym val; do
	[ -z "$known" ] || grep -qx "$sym" <<<"$known" || continue
	if [ "$val" = n ]; then
		grep -q "^$sym=" "$o/.config" && { note "$variant: $sym=n did not stick"; bad=1; }
	else
		got=$(grep "^$sym=" "$o/.config" | cut -d= -f2- || true)
		[ "$got" = "$val" ] || { note "$variant: requested $sym=$val, got '${got:-not set}'"; bad=1; }
	fi
done < <(cat "${frags[@]}" | sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1=\2/p' |
	tac | awk -F= '!seen[$1]++' | tac)
[ $bad -eq 0 ] || { rm -f "$o/.fragsig"; die "$variant: configuration lost requested options (missing dependencies?)"; }

mk "${targets[@]}"
note "$variant: $(cat "$o/include/config/kernel.release") $(du -h "$o/arch/x86/boot/bzImage" | cut -f1)"
