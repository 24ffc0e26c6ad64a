#!/usr/bin/env bash
# The ABI lock, repository side. The kernel's liveupdate_abi KUnit suite
# checks each serialized structure against the locks in
# kernel/liveupdate/liveupdate_abi_kunit.c; this checks that each of those
# locks is a row of tests/abi-locks, that tests/abi-locks names each
# (format, structure) once, and that it has only ever grown at its end in
# this repository's history: a published lock is never edited. Rows of
# formats the kernel no longer has stay: they keep their names from being
# reused for another layout.
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
dup=$(echo "$want" | awk '{ print $1, $2 }' | sort | uniq -d)
if [ -n "$dup" ]; then
	echo "$golden locks a structure of a format twice:"
	echo "$dup" | sed 's/^/  /'
	exit 1
fi
missing=$(grep -vxF -f <(echo "$want") <<<"$have" || true)
if [ -n "$missing" ]; then
	echo "The kernel has ABI locks that are not in $golden:"
	echo "$missing" | sed 's/^/  /'
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
echo "$(echo "$have" | wc -l) ABI locks of the kernel are in $golden" \
	"($(echo "$want" | wc -l) rows); its history only appends"
