# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# The running kernel, from fake sysfs trees, against the images of
# images.sh: versions, check, matrix, incoming; the verdicts and exit
# statuses an operator scripts against. No daemon runs here.

mksys old "kho-v1 core rw 1" "luo-v1 core rw 1" "memfd-v1 file rw 1"
mksys new "kho-v1 core rw 1" "luo-v1 core rw 1" "memfd-v1 file rw 0" \
	"memfd-v2 file rw 1"
mksys bad "kho-v1 core rw 1" "memfd-v1 file rx 1"
export LUOD_SOCKET="$T/no-daemon.sock"

luod --sysfs "$T/sys-old" versions
want_rc 0
want_out '^COMPATIBLE  KIND  CAPS  SELECTED$'
want_out '^memfd-v1  *file  *rw    yes$'
ok "versions of the running kernel"

LUOD_SYSFS=$T/sys-new luod -j versions
want_json '.source == "running" and .image == null and .section == null and
	([.entries[] | select(.selected) | .compatible] == ["kho-v1", "luo-v1", "memfd-v2"])'
ok "LUOD_SYSFS, and selected in JSON"

luod --sysfs "$T/sys-bad" versions
want_bad 'versions:2: unknown caps "rx"'
ok "malformed sysfs line"

luod --sysfs "$T/nowhere" versions
want_bad "no such file (a kernel without live update support?)"
ok "no sysfs versions file"

mkdir -p "$T/sys-unreadable/kernel/liveupdate/versions"
luod --sysfs "$T/sys-unreadable" versions
want_rc 2
want_no_err "without live update support"
want_err "Is a directory"
ok "other sysfs errors are not called a missing live update"

# Negotiation: old -> new picks v1, old -> next has none.
luod --sysfs "$T/sys-old" check --all "$T/new.bz"
want_rc 0
want_out "^memfd  file  v1$"
want_out "compatible$"
ok "check old -> new: memfd v1"

luod --sysfs "$T/sys-old" -j check --all "$T/new.bz"
want_json '.compatible and .from == "running" and .reason == null and
	(.types[] | select(.type == "memfd")) == {"type": "memfd",
		"kind": "file", "verdict": "ok", "version": 1, "selected": 1,
		"writes": [1], "reads": [1, 2], "reason": null}'
ok "check --json old -> new"

luod --sysfs "$T/sys-old" check --all "$T/next.bz"
want_rc 1
want_out "memfd  file  refused: no common version: running writes v1, .*next.bz reads v2"
want_out "not compatible$"
ok "check old -> next: refused with the reason"

luod --sysfs "$T/sys-old" check "$T/next.bz"
want_rc 0
want_no_out memfd
want_out "^kho "
ok "check without files in use: only the core formats"

luod --sysfs "$T/sys-old" -j check --type memfd "$T/next.bz"
want_json '.compatible == false and
	(.types[] | select(.type == "memfd") | .verdict == "refused" and
	 .version == null and (.reason | test("running writes v1")))'
ok "check --type memfd --json old -> next"

luod --sysfs "$T/sys-new" check --all "$T/next.bz"
want_rc 0
want_out "^memfd  file  v2$"
ok "check new -> next: v2, selection unchanged"

luod --sysfs "$T/sys-new" check --all "$T/old.bz"
want_rc 0
want_out "^memfd  file  v1 (selected now: v2)$"
ok "check new -> old (rollback): v1, selected now v2"

luod --sysfs "$T/sys-old" check "$T/junk"
want_bad "not a kernel image"
ok "check with a broken image"

luod -j --sysfs "$T/sys-old" check "$T/junk"
want_rc 2
want_json 'keys == ["error"] and (.error | test("not a kernel image"))'
ok "errors in JSON"

# A kernel without the section cannot take a live update: a verdict.
cp "$T/base.o" "$T/plain.vmlinux"
mkbz plain zstd
luod --sysfs "$T/sys-old" check "$T/plain.zstd.bz"
want_rc 1
want_out "^running -> .*plain.zstd.bz: not compatible: .*plain.zstd.bz lists no live-update formats, so a live update into it is refused$"
ok "check: a kernel without live update is not compatible, exit 1"
luod --sysfs "$T/sys-old" -j check "$T/plain.zstd.bz"
want_rc 1
want_json '.compatible == false and .types == [] and
	(.reason | test("lists no live-update formats"))'
ok "... in JSON: the reason"
luod --sysfs "$T/sys-old" update --dry-run --cmdline x "$T/plain.zstd.bz"
want_rc 1
want_out "^update aborted: .*plain.zstd.bz lists no live-update formats, so a live update into it is refused$"
ok "update to a kernel without live update: aborted, exit 1"

# The daemon cannot be asked: no verdict, unless told to ignore it.
long=$T/$(printf '%0200d' 0)/luod.sock
luod --sysfs "$T/sys-old" --socket "$long" check "$T/new.bz"
want_rc 2
want_no_out "compatible"
want_err "cannot learn the types of the files the daemon holds"
ok "check: the daemon unreachable: exit 2, no verdict"
luod --sysfs "$T/sys-old" --socket "$long" check --no-daemon "$T/new.bz"
want_rc 0
want_out "compatible$"
ok "check --no-daemon: without the held files"

# --- matrix -----------------------------------------------------------

luod matrix old="$T/old.gzip.bz" new="$T/new.xz.bz" next="$T/next.vmlinux"
want_rc 0
want_out "^old      yes      yes      no$"
want_out "^new      yes      yes      yes$"
want_out "^next     no       yes      yes$"
want_out "^new -> next: kho-v1 luo-v1 memfd-v2$"
want_out "^old -> next: memfd refused (no common version: old writes v1, next reads v2);$"
ok "matrix table"

luod -j matrix old="$T/old.bz" new="$T/new.bz" next="$T/next.bz"
want_json '(.images | map(.name)) == ["old", "new", "next"] and
	(.pairs | length) == 9 and
	([.pairs[] | select(.compatible | not) | [.from, .to]] ==
	 [["old", "next"], ["next", "old"]]) and
	(.pairs[] | select(.from == "old" and .to == "new") |
	 .types[] | select(.type == "memfd") | .version) == 1 and
	(.pairs[] | select(.from == "next" and .to == "new") |
	 .types[] | select(.type == "memfd") | .version) == 2'
ok "matrix --json"

luod matrix old="$T/old.bz" plain="$T/plain.zstd.bz" new="$T/new.bz"
want_rc 0
want_out "^old      yes      no       yes$"
want_out "^plain    no       no       no$"
want_out "^new      yes      no       yes$"
want_out "^old -> plain: not compatible: plain lists no live-update formats, so a live update into it is refused$"
want_out "^plain -> new: not compatible: plain lists no live-update formats, so it cannot hand anything over$"
ok "matrix: a kernel without live update is a row and a column of no"
luod -j matrix old="$T/old.bz" plain="$T/plain.zstd.bz"
want_json '(.images | map(.section)) == [true, false] and
	[.pairs[] | .compatible] == [true, false, false, false]'
ok "... in JSON"

luod matrix "$T/old.bz" "$T/junk"
want_bad "not a kernel image"
ok "matrix with a broken image"

# --- incoming ---------------------------------------------------------

d=$T/sys-new/kernel/liveupdate/incoming
echo 1 >"$d/liveupdate_boot"
echo 3 >"$d/update_number"
printf 'kho-v1 ok\nluo-v1 ok\nmemfd-v1 unsupported\n' >"$d/components"
luod --sysfs "$T/sys-new" -j incoming
want_json '.liveupdate_boot and .update_number == 3 and
	.components[2] == {"compatible": "memfd-v1", "result": "unsupported"}'
ok "incoming --json"
printf 'kho-v1 ok\033[2J\n' >"$d/components"
luod --sysfs "$T/sys-new" incoming
want_out '^kho-v1     ok\\x1b\[2J$'
ok "incoming: what the kernel says is escaped"
echo 0 >"$d/liveupdate_boot"
: >"$d/components"
unset LUOD_SOCKET
