#!/usr/bin/env bash
# The ABI lock, repository side. The kernel's liveupdate_abi KUnit suite
# checks each serialized structure against the locks in
# kernel/liveupdate/liveupdate_abi_kunit.c; this checks that those locks
# are exactly tests/abi-locks, and that tests/abi-locks has only ever
# grown at its end in this repository's history: a published lock is
# never edited.
. "$(dirname "$0")/lib.sh"

golden=tests/abi-locks
src=$TREE/kernel/liveupdate/liveupdate_abi_kunit.c

# The lock rows of a file: "format struct size fingerprint" per line.
rows() {
	sed -n '/liveupdate_abi_locks\[\] = {/,/^};/p' "$1" |
		sed -n 's/^[[:space:]]*{ *"\([^"]*\)", *"\([^"]*\)", *\([0-9]*\), *\(0x[0-9a-f]*\) *},.*/\1 \2 \3 \4/p'
}

[ -f "$src" ] || die "no $src; run 'make tree'"
have=$(rows "$src")
want=$(grep -v '^#' "$TOP/$golden")
if [ "$have" != "$want" ]; then
	echo "The kernel's ABI locks differ from $golden:"
	diff <(echo "$want") <(echo "$have") | sed 's/^/  /'
	echo "A published lock never changes: give the changed structure a new"
	echo "format version. New locks are appended to both places."
	exit 1
fi

# Every change to the golden file in history only appended lines.
prev=
for c in $(git -C "$TOP" log --reverse --format=%H -- "$golden"); do
	cur=$(git -C "$TOP" show "$c:$golden" 2>/dev/null | grep -v '^#')
	if [ -n "$prev" ] && [ "${cur:0:${#prev}}" != "$prev" ]; then
		echo "commit $c edits published locks in $golden (only appending is allowed)"
		exit 1
	fi
	prev=$cur
done
echo "$(echo "$have" | wc -l) ABI locks match $golden; its history only appends"
