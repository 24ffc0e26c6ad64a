# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# The source layout: small files, and no cycles, neither among headers
# nor among the .c files that call one another (A.c calls B.c when it
# includes a header that declares a function or object B.c defines).
# Runs alone too: sh tests/layout.sh [-v] prints the layout.

LAYOUT_MAX=500

# The edges "caller.c callee.c": caller.c names a function or object
# that a header declares and callee.c defines. One pass of awk: the
# declarations of the headers, the definitions of the .c files (not
# static, at the start of a line), then the words of each .c file
# without its comments.
layout_calls()
{
	awk '
	FILENAME ~ /\.h$/ {
		if ($0 ~ /^(static|#)/)
			next
		if (match($0, /^extern .*[ *][a-z_][a-z0-9_]*(\[\])?;/) ||
		    match($0, /^[a-z][a-z0-9_ *]*[ *]\**[a-z_][a-z0-9_]*\(/)) {
			d = substr($0, 1, RLENGTH)
			sub(/(\[\])?;$/, "", d)
			sub(/\($/, "", d)
			sub(/.*[ *]/, "", d)
			declared[d] = 1
		}
		next
	}
	FNR == 1 { comment = 0 }
	/^[a-z]/ && !/^static/ && !/^extern/ &&
	match($0, /^[a-z][^;=(]*[ *][a-z_][a-z0-9_]*(\(|\[\] =| =|;)/) {
		d = substr($0, 1, RLENGTH)
		sub(/(\(|\[\] =| =|;)$/, "", d)
		sub(/.*[ *]/, "", d)
		if (!(d in definer))
			definer[d] = FILENAME
	}
	{
		line = $0
		if (comment) {
			if (!sub(/.*\*\//, "", line))
				next
			comment = 0
		}
		gsub(/\/\*[^*]*(\*[^\/][^*]*)*\*\//, " ", line)
		if (sub(/\/\*.*/, "", line))
			comment = 1
		sub(/\/\/.*/, "", line)
		n = split(line, w, /[^A-Za-z0-9_]+/)
		for (i = 1; i <= n; i++)
			if (w[i] in declared)
				uses[FILENAME " " w[i]] = 1
	}
	END {
		for (u in uses) {
			split(u, p, " ")
			if ((p[2] in definer) && definer[p[2]] != p[1])
				print p[1], definer[p[2]]
		}
	}' ./*.h ./*.c | sed 's|\./||g' | sort -u
}

# The edges "header.h included.h".
layout_includes()
{
	for h in ./*.h; do
		sed -n "s|^#include \"\\([^\"]*\\)\".*|${h#./} \\1|p" "$h"
	done
}

layout_check()
{
	(
		cd "${LUOD_SRC:-$(dirname "$0")/..}" || exit 2
		big=$(wc -l ./*.c ./*.h ./tests/*.c ./tests/*.sh Makefile |
			awk -v max=$LAYOUT_MAX '$2 != "total" && $1 > max')
		[ -z "$big" ] || echo "over $LAYOUT_MAX lines: $big" >"$T/layout.big"
		layout_includes | tsort >/dev/null 2>"$T/layout.hdr"
		layout_calls >"$T/layout.calls"
		tsort <"$T/layout.calls" >/dev/null 2>"$T/layout.loop"
		true
	)
}

if [ "${1:-}" = -v ]; then
	T=$(mktemp -d)
	trap 'rm -rf "$T"' EXIT
	cd "$(dirname "$0")/.." || exit 2
	wc -l ./*.c ./*.h | sort -k2
	echo
	echo "calls (caller callee):"
	layout_calls
	layout_includes | tsort >/dev/null && layout_calls | tsort >/dev/null &&
		echo "no cycles"
	exit
fi

layout_check
if [ -s "$T/layout.big" ]; then
	miss "$(cat "$T/layout.big")"
fi
ok "no luod source file over $LAYOUT_MAX lines"
[ -s "$T/layout.hdr" ] && miss "$(tr '\n' ' ' <"$T/layout.hdr")"
ok "no include cycle among the headers"
[ -s "$T/layout.loop" ] && miss "$(tr '\n' ' ' <"$T/layout.loop")"
want [ -s "$T/layout.calls" ]
ok "no cycle among the .c files that call one another"
