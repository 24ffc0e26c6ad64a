#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Wall time and peak memory of "luod check" on kernel images:
#
#   sh tests/bench-check.sh [-l LUOD] IMAGE...
#
# The running kernel is faked with the image's own table (every type at
# its newest writable version), so this runs on any machine.

set -eu
LUOD=$(dirname "$0")/../build/luod
if [ "${1:-}" = -l ]; then
	LUOD=$2
	shift 2
fi
[ $# -gt 0 ] || { echo "usage: $0 [-l LUOD] IMAGE..." >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

for img in "$@"; do
	lu=$T/sys/kernel/liveupdate
	rm -rf "$T/sys" && mkdir -p "$lu/formats"
	echo enabled >"$lu/state"
	"$LUOD" -j versions "$img" | jq -r '
		.entries as $e | $e[] |
		. as $x | ([$e[] | select(.type == $x.type and .write) |
			.version] | max) as $newest |
		"\(.compatible) \(.type) \(.version) \(.kind) \(if .read then "r" else "" end)\(if .write then "w" else "" end) \(if .version == $newest then 1 else 0 end) \(.flb_deps | join(","))"
	' | while read -r c type version kind caps sel deps; do
		f=$lu/formats/$c
		mkdir -p "$f"
		echo "$type" >"$f/type"
		echo "$version" >"$f/version"
		echo "$kind" >"$f/kind"
		echo "${caps:--}" >"$f/caps"
		echo "${caps:--}" >"$f/listed_caps"
		echo "$sel" >"$f/selected"
		echo 1 >"$f/registered"
		echo vmlinux >"$f/provider"
		echo "$deps" | tr , ' ' >"$f/flb_deps"
	done
	/usr/bin/time -f '%e %M' -o "$T/time" \
		"$LUOD" --sysfs "$T/sys" check --all --no-daemon "$img" >/dev/null
	read -r wall kib <"$T/time"
	echo "$img: luod check: ${wall} s wall, $((kib / 1024)) MiB peak RSS"
done
