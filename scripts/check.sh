#!/usr/bin/env bash
# Everything 'make check' verifies, one named check per line, then a
# summary "N passed, N failed" (also written to build/check-summary).
# Later checks still run when an earlier one fails, unless they need its
# result. Set CHECK_BISECT=1 to also build every prefix of the series.
. "$(dirname "$0")/lib.sh"
set +e

VARIANTS=${VARIANTS:-old new next mod}
# shellcheck source=checklib.sh
. "$TOP/scripts/checklib.sh"
SUMMARY=$BUILD/check-summary
check_begin

roundtrip() {
	local tmp
	tmp=$(mktemp -d)
	"$TOP/scripts/export.sh" "$tmp" || return 1
	for f in "$tmp"/*; do
		cmp "$f" "$TOP/patches/$(basename "$f")" || return 1
	done
	[ "$(ls "$tmp" | wc -l)" = "$(ls "$TOP/patches" | grep -vc cover-letter)" ] ||
		{ echo "patches/ holds files the tree does not produce"; return 1; }
	rm -rf "$tmp"
}

# checkpatch --strict on every patch, from the tree (so that MAINTAINERS
# and SPDX checks work), accepting only the justified findings listed in
# tests/checkpatch-exceptions for that patch's subject.
checkpatch() {
	local p subject ignore bad=0
	cd "$TREE" || return 1
	for p in $(grep -v '^#' "$TOP/patches/series"); do
		subject=$(awk '/^Subject: / { s = $0; getline
			while (/^ /) { s = s $0; getline }
			sub(/^Subject: \[PATCH\] /, "", s); print s; exit }' "$TOP/patches/$p")
		ignore=$(awk -F'\t' -v s="$subject" '$1 == s { printf "%s,", $2 }' \
			"$TOP/tests/checkpatch-exceptions")
		PATH=/usr/bin:/bin:$PATH scripts/checkpatch.pl --strict -q \
			${ignore:+--ignore "${ignore%,}"} "$TOP/patches/$p" ||
			{ echo "^^^ $p"; bad=1; }
	done
	return $bad
}

# luod's view of the three kernels must be the expected one: what
# "luod -j matrix" says of each pair, a line each (jq, not its text).
luod_matrix() {
	make -s -C "$TOP/luod" KHDR="$BUILD/headers/include" || return 1
	"$TOP/luod/build/luod" -j matrix old="$OUT/old/arch/x86/boot/bzImage" \
		new="$OUT/new/arch/x86/boot/bzImage" \
		next="$OUT/next/arch/x86/boot/bzImage" >"$BUILD/luod-matrix.json" &&
	jq -r -f "$TOP/tests/luod-matrix.jq" "$BUILD/luod-matrix.json" \
		>"$BUILD/luod-matrix.txt" || return 1
	diff -u "$TOP/tests/luod-matrix.expected" "$BUILD/luod-matrix.txt"
}

run deps "$TOP/scripts/deps.sh" || { summary "0 passed, 1 failed"; exit 1; }
run tree "$TOP/scripts/make-tree.sh" || { summary "0 passed, 1 failed"; exit 1; }
run patch-roundtrip roundtrip
run checkpatch checkpatch
run abi-lock "$TOP/scripts/abi-lock.sh"
run kernel-doc "$TOP/scripts/matrix-lint.sh" kernel-doc

built=()
for v in $VARIANTS; do
	run "build/$v" "$TOP/scripts/build-kernel.sh" "$v" && built+=("$v")
done

if [ ${#built[@]} -eq $(wc -w <<<"$VARIANTS") ] &&
   run guest-initramfs sh -c "'$TOP/scripts/build-guest.sh' && '$TOP/scripts/mkinitramfs.sh'"; then
	# luod's unit tests, also on the real images of the variants.
	rm -rf "$BUILD/luod-images" && mkdir -p "$BUILD/luod-images"
	for v in $VARIANTS; do ln -s "$OUT/$v" "$BUILD/luod-images/$v"; done
	run luod-unit make -C "$TOP/luod" check KHDR="$BUILD/headers/include" \
		LUOD_TEST_IMAGES="$BUILD/luod-images"
	run luod-matrix luod_matrix
	run kunit "$TOP/scripts/kunit.sh" new
	run_qemu_list "$TOP/tests/qemu-tests"
fi

if [ "${CHECK_BISECT:-0}" = 1 ]; then
	run bisect "$TOP/scripts/bisect.sh"
fi

check_end check
