#!/usr/bin/env bash
# Run the QEMU guest tests listed in tests/qemu-tests (all, or those whose
# name matches one of the arguments as a shell pattern). Prints one
# PASS/FAIL line per test and exits non-zero if any failed.
. "$(dirname "$0")/lib.sh"

pass=0 fail=0
while read -r name kernel tmo args; do
	case $name in '' | '#'*) continue ;; esac
	if [ $# -gt 0 ]; then
		hit=0
		for pat in "$@"; do
			# shellcheck disable=SC2254
			case $name in $pat) hit=1 ;; esac
		done
		[ $hit = 1 ] || continue
	fi
	if "$TOP/scripts/qemu-run.sh" "$name" "$kernel" "$tmo" "$args"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done <"$TOP/tests/qemu-tests"
echo "qemu tests: $pass passed, $fail failed"
[ $fail -eq 0 ]
