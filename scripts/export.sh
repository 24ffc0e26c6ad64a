#!/usr/bin/env bash
# Write base..HEAD of the kernel tree back to patches/ and patches/series
# (or to the directory given as the argument).
# Output is stable: no commit hashes, no version signature, fixed diff
# options, so 'make tree && make export' changes nothing.
. "$(dirname "$0")/lib.sh"

[ -e "$TREE/.git" ] || die "no tree at $TREE; run 'make tree'"
dirty=$(tgit status --porcelain --untracked-files=no)
[ -z "$dirty" ] || die "uncommitted changes in $TREE:"$'\n'"$dirty"

pdir=${1:-$TOP/patches}
mkdir -p "$pdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tgit -c diff.algorithm=myers -c diff.renames=true -c diff.noprefix=false \
	-c format.signature= -c diff.mnemonicPrefix=false -c core.quotePath=true \
	format-patch -q -N --zero-commit --no-signature --abbrev=12 \
	-o "$tmp" base..HEAD >/dev/null

# Keep the hand-written cover letter; replace everything else.
find "$pdir" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
	! -name '*cover-letter*' -delete
: >"$tmp/series.new"
for p in "$tmp"/[0-9]*.patch; do
	[ -e "$p" ] || continue
	b=$(basename "$p")
	mv "$p" "$pdir/$b"
	echo "$b" >>"$tmp/series.new"
done
{
	echo "# Applied in this order onto the base pinned in BASE (git am --3way)."
	cat "$tmp/series.new"
} >"$pdir/series"
note "exported $(($(wc -l <"$pdir/series") - 1)) patches to patches/"
