#!/usr/bin/env bash
# The kernel test robot's per-file checks of the series, for 'make matrix'
# (scripts/matrix.sh). One mode per call:
#   w1          every patch: the series' .c files at that prefix, built
#               with W=1 (the 'new' variant's config), have no warning in
#               the files the patch changes
#   sparse      the series' .c files at the tip, through sparse (C=2)
#   cocci       the series' .c files at the tip, through every semantic
#               patch of scripts/coccinelle (report mode)
#   kernel-doc  every file of the series that has kernel-doc, -Wall
# A finding fails unless base had it in the same file (line numbers
# aside): a file Debian ships may carry its own findings, a file the
# series adds none. w1 builds base and every prefix in its own worktree
# (build/matrix) and output directory; sparse and cocci then use that
# build, so run w1 first.
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: matrix-lint.sh w1|sparse|cocci|kernel-doc}
wt=$BUILD/matrix
o=$OUT/matrix-w1
res=$BUILD/matrix-lint/$mode
rm -rf "$res" && mkdir -p "$res"
if [ "$mode" != kernel-doc ]; then
	mkdir -p "$o"
	[ -d "$wt" ] || tgit worktree add -q --detach "$wt" base
fi

kbuild_env
mk() { kmake "$wt" "$o" "$@"; }

# at REV: check REV out in the worktree, configured as 'new'.
at() {
	git -C "$wt" checkout -q --detach "$1"
	configure_as_new "$wt" "$o"
}

# findings FILE...: a tool's output reduced to its findings in FILEs, one
# per line, paths relative to the tree, line and column numbers dropped
# (also those a message names: coccinelle's "at line N").
findings() {
	local re
	re=$(printf '%s\n' "$@" | sed 's/[.]/[.]/g' | paste -sd'|')
	grep -a -E '(warning|error|WARNING|ERROR)' |
		sed -E "s#^$wt/##; s#^$TREE/##; s#^(\.\./)+(matrix/|linux/)?##; s#:[0-9]+(:[0-9]+)?(-[0-9]+)?:#:#g; s#(on|at) line [0-9]+#\1 line N#g" |
		grep -a -E "^($re)[:, ]" | sort -u || true
}

changed() { tgit diff-tree --no-commit-id --name-only -r --diff-filter=AM "$@"; }
series_c() { tgit diff --name-only --diff-filter=AM base..HEAD -- '*.c' | grep -v '^tools/'; }
series_files() { tgit diff --name-only --diff-filter=AM base..HEAD | grep -v '^tools/'; }

# compare NAME: what $res/NAME has that $res/base has not.
compare() {
	local new
	new=$(comm -13 "$res/base" "$res/$1")
	[ -z "$new" ] && return 0
	echo "FAIL $1: new findings:"
	sed 's/^/  /' <<<"$new"
	return 1
}

# spatch_all FILE...: every semantic patch of the tree (with the options
# and version each asks for) over FILEs, as 'make coccicheck MODE=report'
# runs them, but once over the whole set instead of once per file.
spatch_all() {
	local cocci opts req have
	have=$(spatch --version | awk 'NR == 1 { print $3 }')
	for cocci in $(cd "$wt" && find scripts/coccinelle -name '*.cocci' | sort); do
		req=$(sed -n 's#^// Requires: *##p' "$wt/$cocci")
		if [ -n "$req" ] && [ "$(printf '%s\n' "$req" "$have" | sort -V | head -1)" != "$req" ]; then
			continue
		fi
		opts=$(sed -n 's#^// Options: *##p' "$wt/$cocci")
		# shellcheck disable=SC2086
		(cd "$wt" && spatch -D report --no-show-diff --very-quiet $opts \
			--cocci-file "$cocci" -I arch/x86/include -I "$o/arch/x86/include/generated" \
			-I include -I "$o/include" -I arch/x86/include/uapi \
			-I "$o/arch/x86/include/generated/uapi" -I include/uapi \
			-I "$o/include/generated/uapi" --include include/linux/compiler-version.h \
			--include include/linux/kconfig.h "$@" 2>&1) || echo "ERROR: spatch $cocci failed"
	done
}

# at_base_too: the series' files base already had.
at_base_too() { while read -r f; do tgit cat-file -e "base:$f" 2>/dev/null && echo "$f"; done; }

bad=0
case $mode in
w1)
	# The directories of the series' .c files that exist at each prefix,
	# as the configuration builds them: a patch's warnings show in its
	# files and in the headers they include (make bisect builds every
	# prefix whole). The decompressor is no directory target: its files
	# are built as objects, after version-timestamp.o, which generates
	# the utsversion.h that kaslr.c includes. Base first.
	mapfile -t all < <(series_files)
	mapfile -t cs < <(series_c)
	targets_here() {
		local f
		for f in "${cs[@]}"; do
			[ -f "$wt/$f" ] || continue
			case $f in
			arch/x86/boot/*) echo "${f%.c}.o" ;;
			*) echo "$(dirname "$f")/" ;;
			esac
		done | sort -u
	}
	# shellcheck disable=SC2046
	build_here() { mk init/version-timestamp.o && mk W=1 $(targets_here); }
	at base
	build_here >"$res/base.log" 2>&1 || die "base does not build (see $res/base.log)"
	findings "${all[@]}" <"$res/base.log" >"$res/base"
	n=0
	for c in $(tgit rev-list --reverse base..HEAD); do
		n=$((n + 1))
		mapfile -t files < <(changed "$c")
		at "$c"
		if ! build_here >"$res/patch$n.log" 2>&1; then
			echo "FAIL patch $n does not build: $(tgit log -1 --format=%s "$c") ($res/patch$n.log)"
			bad=1
			continue
		fi
		findings "${files[@]}" <"$res/patch$n.log" >"$res/patch$n"
		compare "patch$n" || bad=1
		echo "ok   patch $n: $(tgit log -1 --format=%s "$c")"
	done
	;;
sparse | cocci)
	[ -f "$o/include/generated/autoconf.h" ] || die "run 'matrix-lint.sh w1' first (it leaves the tip configured)"
	mapfile -t all < <(series_c)
	mapfile -t pre < <(printf '%s\n' "${all[@]}" | at_base_too)
	if [ "$mode" = sparse ]; then
		objs=$(printf '%s\n' "${all[@]}" | sed 's/\.c$/.o/')
		preobjs=$(printf '%s\n' "${pre[@]}" | sed 's/\.c$/.o/')
		at base
		# shellcheck disable=SC2086
		mk -k C=2 $preobjs >"$res/base.log" 2>&1
		findings "${pre[@]}" <"$res/base.log" >"$res/base"
		at "$(tgit rev-parse HEAD)"
		# shellcheck disable=SC2086
		mk -k C=2 $objs >"$res/tip.log" 2>&1 || bad=1
	else
		git -C "$wt" checkout -q --detach base
		spatch_all "${pre[@]}" >"$res/base.log"
		findings "${pre[@]}" <"$res/base.log" >"$res/base"
		git -C "$wt" checkout -q --detach "$(tgit rev-parse HEAD)"
		spatch_all "${all[@]}" >"$res/tip.log"
	fi
	findings "${all[@]}" <"$res/tip.log" >"$res/tip"
	compare tip || bad=1
	echo "$mode: ${#all[@]} files: $(wc -l <"$res/tip") findings at the tip, $(wc -l <"$res/base") in base's ${#pre[@]}"
	;;
kernel-doc)
	mapfile -t all < <(series_files | grep -E '\.[ch]$' |
		while read -r f; do tgit grep -q -e '^/\*\*' HEAD -- "$f" && echo "$f"; done)
	mapfile -t pre < <(printf '%s\n' "${all[@]}" | at_base_too)
	# base's copies of the files it has, without a worktree (make check runs this)
	tmp=$(mktemp -d)
	for f in "${pre[@]}"; do
		mkdir -p "$tmp/$(dirname "$f")"
		tgit show "base:$f" >"$tmp/$f"
	done
	(cd "$tmp" && "$TREE/scripts/kernel-doc" -Wall -none "${pre[@]}" 2>&1) |
		findings "${pre[@]}" >"$res/base"
	rm -rf "$tmp"
	(cd "$TREE" && scripts/kernel-doc -Wall -none "${all[@]}" 2>&1) | findings "${all[@]}" >"$res/tip"
	compare tip || bad=1
	echo "kernel-doc: ${#all[@]} files: $(wc -l <"$res/tip") findings at the tip, $(wc -l <"$res/base") in base's ${#pre[@]}"
	;;
*) die "unknown mode $mode" ;;
esac
exit $bad
