#!/usr/bin/env bash
# Build one kernel variant: tinyconfig (or, with a '# from: debian-FLAVOUR'
# line, Debian's own config of that flavour) + the fragments its file names
# ('# use:' lines) + the variant file itself, in build/out/<variant>.
# Fails when olddefconfig dropped or changed any requested option; for a
# Debian-based variant, any option Debian sets counts as requested unless
# a '# leaf: DIR...' line lets options defined under DIR go.
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: build-kernel.sh VARIANT [make targets...]}
shift
targets=("$@")
# Default targets: the variant's '# targets:' line, else bzImage.
[ ${#targets[@]} -gt 0 ] ||
	read -r -a targets < <(sed -n 's/^# targets: *//p' "$TOP/config/variants/$variant") || true
[ ${#targets[@]} -gt 0 ] || targets=(bzImage)

vfile=$TOP/config/variants/$variant
[ -f "$vfile" ] || die "unknown variant '$variant' (see config/variants/)"
[ -e "$TREE/.git" ] || die "no kernel tree; run 'make tree'"

mapfile -t frags < <(variant_frags "$variant")
from=$(sed -n 's/^# from: *//p' "$vfile")
start=
if [ -n "$from" ]; then
	flavour=${from#debian-}
	start=$("$TOP/scripts/fetch-debconfig.sh" "$flavour") || exit 1
fi

# '# arch:' and '# cc:' lines: another architecture or compiler (make matrix).
arch=$(sed -n 's/^# arch: *//p' "$vfile")
cc=$(sed -n 's/^# cc: *//p' "$vfile")

o=$OUT/$variant
fresh=0
[ -f "$o/include/config/auto.conf" ] || fresh=1
mkdir -p "$o"
kbuild_env "$arch"
mk() { KCC=$cc kmake "$TREE" "$o" "$@"; }

# (Re)configure only when a fragment or the tree's Kconfig changed.
sig=$(cat "${frags[@]}" ${start:+"$start"} | sha256sum | cut -d' ' -f1)-$(tgit rev-parse HEAD:arch/x86/Kconfig)
if [ ! -f "$o/.config" ] || [ "$(cat "$o/.fragsig" 2>/dev/null)" != "$sig" ] ||
   [ "$(tgit diff base -- '*Kconfig*' | sha256sum)" != "$(cat "$o/.kconfigsig" 2>/dev/null)" ]; then
	if [ -n "$start" ]; then
		cp "$start" "$o/.config"
	else
		mk tinyconfig >/dev/null
	fi
	KCONFIG_CONFIG=$o/.config "$TREE/scripts/kconfig/merge_config.sh" -m -O "$o" \
		"$o/.config" "${frags[@]}" >/dev/null
	mk olddefconfig >/dev/null
	echo "$sig" >"$o/.fragsig"
	tgit diff base -- '*Kconfig*' | sha256sum >"$o/.kconfigsig"
fi

# Every requested option must have survived olddefconfig (last one wins).
# With LUO_CONFIG_LENIENT=1 (a tree without every patch of the series yet)
# a symbol the tree's Kconfig does not define is skipped, not reported.
# Options on a '# unselectable:' line must instead be absent: what the
# fragments ask for and this architecture cannot have (make matrix).
bad=0
unselectable=$(sed -n 's/^# unselectable: *//p' "$vfile" | tr ' ' '\n' | sed '/^$/d')
for sym in $unselectable; do
	grep -q "^$sym=" "$o/.config" && { note "$variant: $sym is set, but should not be selectable here"; bad=1; }
done
known=
if [ "${LUO_CONFIG_LENIENT:-0}" = 1 ]; then
	known=$(tgit grep -h -E '^(menu)?config [A-Za-z0-9_]+$' -- '*Kconfig*' |
		sed 's/^.*config /CONFIG_/' | sort -u)
fi
while IFS='=' read -r sym val; do
	[ -z "$known" ] || grep -qx "$sym" <<<"$known" || continue
	grep -qx "$sym" <<<"$unselectable" && continue
	if [ "$val" = n ]; then
		grep -q "^$sym=" "$o/.config" && { note "$variant: $sym=n did not stick"; bad=1; }
	else
		got=$(grep "^$sym=" "$o/.config" | cut -d= -f2- || true)
		[ "$got" = "$val" ] || { note "$variant: requested $sym=$val, got '${got:-not set}'"; bad=1; }
	fi
done < <(cat "${frags[@]}" | sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1=\2/p' |
	tac | awk -F= '!seen[$1]++' | tac)

# A Debian-based variant keeps every option Debian sets, except those the
# fragments set otherwise, those defined under a '# leaf:' directory, and
# values derived from the toolchain (no prompt, recomputed by Kconfig).
if [ -n "$start" ]; then
	leaf=$(sed -n 's/^# leaf: *//p' "$vfile" | tr ' ' '\n' | sed '/^$/d')
	lost=$(comm -23 <(grep '^CONFIG_' "$start" | sort) <(grep '^CONFIG_' "$o/.config" | sort) |
		cut -d= -f1 | sort -u |
		comm -23 - <(cat "${frags[@]}" | sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1/p' | sort -u) |
		grep -v -E '^CONFIG_(CC|AS|LD|GCC|CLANG|RUSTC|PAHOLE)_' || true)
	for sym in $lost; do
		files=$(tgit grep -l -E "^\s*(menu)?config ${sym#CONFIG_}\$" -- '*Kconfig*' || true)
		ok=0
		for f in $files; do
			for d in $leaf; do
				case $f in "$d"/*) ok=1 ;; esac
			done
		done
		[ $ok = 1 ] && continue
		note "$variant: Debian's $sym=$(sed -n "s/^$sym=//p" "$start") did not survive (got '$(sed -n "s/^$sym=//p" "$o/.config")')"
		bad=1
	done
fi
[ $bad -eq 0 ] || { rm -f "$o/.fragsig"; die "$variant: configuration lost requested options (missing dependencies?)"; }

# A variant built for the first time starts from a copy of the built
# variant whose configuration is closest: Kbuild then rebuilds only what
# the differing options touch, where ccache would miss every file (each
# variant's autoconf.h differs). Only close ones (same start, same
# CONFIG_MODULES), else a clean build.
seed_from_sibling() {
	local s d best= bestd=200 mods
	mods=$(grep -c '^CONFIG_MODULES=y' "$o/.config" || true)
	for s in "$OUT"/*/; do
		s=${s%/}
		[ "$s" != "$o" ] && [ -f "$s/vmlinux" ] && [ -f "$s/.fragsig" ] || continue
		[ "$(grep -c '^CONFIG_MODULES=y' "$s/.config" || true)" = "$mods" ] || continue
		# Another compiler or architecture shares no object.
		[ "$(sed -n 's/^CONFIG_CC_VERSION_TEXT=//p' "$s/.config")" = \
		  "$(sed -n 's/^CONFIG_CC_VERSION_TEXT=//p' "$o/.config")" ] &&
		[ "$(grep -c '^CONFIG_64BIT=y' "$s/.config")" = "$(grep -c '^CONFIG_64BIT=y' "$o/.config")" ] ||
			continue
		d=$(diff "$s/.config" "$o/.config" | grep -c '^[<>]' || true)
		[ "$d" -lt "$bestd" ] && { best=$s; bestd=$d; }
	done
	[ -n "$best" ] || return 0
	note "$variant: starting from $(basename "$best")'s build ($bestd config lines differ)"
	mkdir -p "$o.keep"
	cp -a "$o/.config" "$o/.fragsig" "$o/.kconfigsig" "$o.keep/"
	cp -a "$best/." "$o/"
	cp -a "$o.keep/." "$o/"
	rm -rf "$o.keep"
	# The sibling's modules are not this variant's: mkinitramfs ships
	# every .ko it finds. Kbuild links this variant's own again.
	find "$o" -name '*.ko' -delete
}
[ $fresh = 0 ] || seed_from_sibling

mk "${targets[@]}"
note "$variant: $(cat "$o/include/config/kernel.release") $(du -h "$o/arch/x86/boot/bzImage" | cut -f1)"
