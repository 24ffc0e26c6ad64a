#!/usr/bin/env bash
# 'make matrix': the series checked the way the kernel test robot checks a
# posting, one named check per line and "N passed, N failed" at the end
# (also in build/matrix-summary). Too long for make check (README.md):
#   kernel-doc   -Wall on every file of the series with kernel-doc
#   htmldocs     the core-api and userspace-api books build, and Sphinx
#                warns of no file of the series
#   w1           every patch: the series' files at it build with W=1, adding
#                no warning in the files it changes
#   sparse       C=2 on the series' .c files: nothing base did not have
#   cocci        every semantic patch of scripts/coccinelle on them: same
#   build/clang  'new' with clang-15
#   build/i386   32-bit x86 with the fragments (nothing selectable)
#   build/nolu   live update and KHO off; build/kho  KHO without LUO
#   (memfd v1 only is variant 'old', built by make check)
. "$(dirname "$0")/lib.sh"
set +e

# shellcheck source=checklib.sh
. "$TOP/scripts/checklib.sh"
SUMMARY=$BUILD/matrix-summary
check_begin

# htmldocs: Sphinx's warnings about the series' documents and the source
# files they pull kernel-doc from. A book built alone (SPHINXDIRS) warns
# that its index lists books it does not build: not the series' doing.
htmldocs() {
	local log=$BUILD/matrix-htmldocs.log files
	make -s -C "$TREE" O="$OUT/docs" SPHINXDIRS="core-api userspace-api" htmldocs >"$log" 2>&1 ||
		{ tail -20 "$log"; return 1; }
	files=$(tgit diff --name-only --diff-filter=AM base..HEAD | sed 's/[.]/[.]/g' | paste -sd'|')
	! grep -a -E "($files).*(WARNING|ERROR)" "$log" |
		grep -v -E "index[.]rst:[0-9]+: WARNING: toctree contains reference to nonexisting document '[A-Za-z]+/index'"
}

# absent VARIANT PREFIX...: the variant's vmlinux defines no symbol that
# starts with one of PREFIXes (what is configured off left nothing behind).
absent() {
	local v=$1 re
	shift
	re=$(printf '%s\n' "$@" | paste -sd'|')
	nm "$OUT/$v/vmlinux" >"$BUILD/matrix-nm-$v.txt" || return 1
	! grep -E " [TtDdBbRr] ($re)" "$BUILD/matrix-nm-$v.txt"
}

run deps "$TOP/scripts/deps.sh" matrix || { summary "0 passed, 1 failed"; exit 1; }
run tree "$TOP/scripts/make-tree.sh" || { summary "0 passed, 1 failed"; exit 1; }
run kernel-doc "$TOP/scripts/matrix-lint.sh" kernel-doc
run htmldocs htmldocs
if run w1 "$TOP/scripts/matrix-lint.sh" w1; then
	run sparse "$TOP/scripts/matrix-lint.sh" sparse
	run cocci "$TOP/scripts/matrix-lint.sh" cocci
fi
for v in clang i386 nolu kho; do
	run "build/$v" "$TOP/scripts/build-kernel.sh" "$v"
done
run nolu-empty absent nolu kho_ luo_ liveupdate_ memfd_luo
run kho-no-luo absent kho luo_ liveupdate_ memfd_luo
check_end matrix
