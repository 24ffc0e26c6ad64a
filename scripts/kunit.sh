#!/usr/bin/env bash
# Boot a test kernel with kunit.enable=1 (KUnit suites are built in) and
# parse the KTAP it prints with the tree's own kunit.py, so a failure names
# its suite and case. kunit.sh [VARIANT]
. "$(dirname "$0")/lib.sh"

variant=${1:-new}
name=kunit@$variant
"$TOP/scripts/qemu-run.sh" "$name" "$variant" 300 "kunit.enable=1" >/dev/null || true
log=$LOGS/$name.log
[ -f "$log" ] || die "no log from the KUnit boot"
# kunit.py parse changes directory to the source tree: absolute paths only.
python3 "$TREE/tools/testing/kunit/kunit.py" parse "$(readlink -f "$log")"
