# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# The running kernel, from fake sysfs trees, against the images of
# images.sh: versions, check, matrix, incoming; the verdicts, the rules
# that decide them and the exit statuses an operator scripts against.
# No daemon runs here.

CORE="vlu-kho-v1 core rw 1;vlu-luo-v1 core rw 1"
# sysfs NAME LINE;LINE...: mksys with ';'-separated lines.
sysfs()
{
	_name=$1
	_old_ifs=$IFS
	IFS=';'
	# shellcheck disable=SC2086
	set -- $2
	IFS=$_old_ifs
	mksys "$_name" "$@"
}
sysfs old "$CORE;vlu-memfd-v1 file rw 1;vlu-test-v1 file rw 1 deps=$FLB;$FLB-v1 flb rw 1"
# The kernel's default: the oldest version it writes.
NEW="$CORE;vlu-memfd-v1 file rw 1;vlu-memfd-v2 file rw 0;vlu-test-v1 file rw 1 deps=$FLB;vlu-test-v2 file rw 0 deps=$FLB;$FLB-v1 flb rw 1;$FLB-v2 flb rw 0"
sysfs new "$NEW"
sysfs sel "$CORE;vlu-memfd-v1 file rw 0;vlu-memfd-v2 file rw 1"
# Booted with the test handler off: listed, not registered.
sysfs off "$CORE;vlu-memfd-v1 file rw 1;vlu-test-v1 file - 0 reg=0 deps=$FLB;vlu-test-v2 file - 0 reg=0 deps=$FLB;$FLB-v1 flb - 0 reg=0;$FLB-v2 flb - 0 reg=0"
sysfs bad "$CORE;vlu-memfd-v1 file rx 1"
export LUOD_SOCKET="$T/no-daemon.sock"

luod --sysfs "$T/sys-old" versions
want_rc 0
want_out '^live update: enabled$'
want_out '^COMPATIBLE       KIND  CAPS  SELECTED  PROVIDER  FLB-DEPS      STATE$'
want_out '^vlu-memfd-v1     file  rw    yes       vmlinux                 registered$'
want_out '^vlu-test-v1      file  rw    yes       vmlinux   vlu-test-flb  registered$'
ok "versions of the running kernel"

LUOD_SYSFS=$T/sys-new luod -j versions
want_json '.source == "running" and .image == null and .section == null and
	.state == "enabled" and .rule == null and
	([.entries[] | select(.selected) | .compatible] ==
	 ["vlu-kho-v1", "vlu-luo-v1", "vlu-memfd-v1", "vlu-test-flb-v1", "vlu-test-v1"]) and
	(.entries | map(.registered) | all)'
ok "LUOD_SYSFS, and selected in JSON"

luod --sysfs "$T/sys-off" versions
want_rc 0
want_out '^vlu-test-v1      file  -     no        vmlinux   vlu-test-flb  listed rw, not registered$'
want_out '^vlu-test-flb-v2  flb   -     no        vmlinux                 listed rw, not registered$'
ok "versions: a handler listed but not registered says so"
luod --sysfs "$T/sys-off" -j versions
want_json '(.entries[] | select(.compatible == "vlu-test-v2")) |
	.read == false and .write == false and .listed_read and .listed_write
	and .registered == false and .flb_deps == ["vlu-test-flb"]'
ok "... in JSON: caps now, listed caps, registered"

luod --sysfs "$T/sys-bad" versions
want_bad 'formats/vlu-memfd-v1/caps: unknown caps "rx"'
ok "malformed sysfs value"

luod --sysfs "$T/nowhere" versions
want_bad "no such file (a kernel without live update support?)"
ok "no sysfs liveupdate directory"

mkdir -p "$T/sys-unreadable/kernel/liveupdate/state"
luod --sysfs "$T/sys-unreadable" versions
want_rc 2
want_no_err "without live update support"
want_err "Is a directory"
ok "other sysfs errors are not called a missing live update"

cp -r "$T/sys-old" "$T/sys-down"
echo "disabled: liveupdate=off" >"$T/sys-down/kernel/liveupdate/state"
luod --sysfs "$T/sys-down" versions
want_out '^live update: disabled: liveupdate=off$'
ok "versions: live update disabled"
luod --sysfs "$T/sys-down" check "$T/new.bz"
want_rc 1
want_out "not compatible: live update is disabled in the running kernel: liveupdate=off$"
ok "check: live update disabled, a verdict with its rule"

# Negotiation: old -> new picks v1, old -> next has none.
luod --sysfs "$T/sys-old" check --all "$T/new.bz"
want_rc 0
want_out "^vlu-memfd     file  v1 (newest common version)$"
want_out "^vlu-test      file  v1 (newest common version; with FLB vlu-test-flb)$"
want_out "^vlu-test-flb  flb   v1 (newest common version)$"
want_out "compatible (every type has a common version)$"
ok "check old -> new: vlu-memfd v1, vlu-test v1 with its FLB"

luod --sysfs "$T/sys-old" -j check --all "$T/new.bz"
want_json '.compatible and .from == "running" and .reason == null and
	.rule == "every type has a common version" and
	(.types[] | select(.type == "vlu-memfd")) == {"type": "vlu-memfd",
		"kind": "file", "verdict": "ok", "version": 1, "selected": 1,
		"writes": [1], "reads": [1, 2], "rule": "newest common version",
		"reason": null, "flbs": [], "provider": "vmlinux"} and
	(.types[] | select(.type == "vlu-test") | .flbs) == ["vlu-test-flb"]'
ok "check --json old -> new"

luod --sysfs "$T/sys-old" check --all "$T/next.bz"
want_rc 1
want_out "vlu-memfd     file  refused: no common version: running writes v1, .*next.bz reads v2$"
want_out "not compatible: vlu-memfd: no common version$"
ok "check old -> next: refused with the rule and the reason"

luod --sysfs "$T/sys-old" check "$T/next.bz"
want_rc 0
want_no_out vlu-memfd
want_out "^vlu-kho  core  v1 (core format read by the next kernel)$"
ok "check without files in use: only the core formats"

luod --sysfs "$T/sys-old" -j check --type vlu-memfd "$T/next.bz"
want_json '.compatible == false and .rule == "no common version" and
	(.types[] | select(.type == "vlu-memfd") | .verdict == "refused" and
	 .version == null and .rule == "no common version" and
	 (.reason | test("running writes v1")))'
ok "check --type vlu-memfd --json old -> next"

luod --sysfs "$T/sys-new" check --type vlu-memfd "$T/next.bz"
want_rc 0
want_out "^vlu-memfd  file  v2 (newest common version; selected now: v1)$"
ok "check new -> next: v2, the kernel selects v1 now"

luod --sysfs "$T/sys-sel" check --type vlu-memfd "$T/old.bz"
want_rc 0
want_out "^vlu-memfd  file  v1 (newest common version; selected now: v2)$"
ok "check new -> old (rollback): v1, selected now v2"

# FLBs follow their handlers.
luod --sysfs "$T/sys-new" check --type vlu-test "$T/next.bz"
want_rc 1
want_out "^vlu-test      file  refused: needs FLB type vlu-test-flb: no common version: running writes v1,v2, .*next.bz reads v3$"
want_out "^vlu-test-flb  flb   refused: no common version: running writes v1,v2, .*next.bz reads v3$"
want_out "not compatible: vlu-test: needs FLB type vlu-test-flb: no common version$"
ok "check new -> next: vlu-test refused for its FLB"
luod --sysfs "$T/sys-new" -j check --type vlu-test "$T/next.bz"
want_json '.rule == "needs FLB type vlu-test-flb: no common version" and
	(.types[] | select(.type == "vlu-test") | .rule ==
	 "needs FLB type vlu-test-flb: no common version")'
ok "... in JSON: the rule names the FLB"
luod --sysfs "$T/sys-new" check --type vlu-memfd "$T/next.bz"
want_rc 0
want_no_out vlu-test-flb
ok "... memfds alone go: an FLB nobody needs does not matter"
luod --sysfs "$T/sys-new" check --all "$T/new.bz"
want_rc 0
want_out "^vlu-test      file  v2 (newest common version; with FLB vlu-test-flb; selected now: v1)$"
want_out "^vlu-test-flb  flb   v2 (newest common version; selected now: v1)$"
ok "check new -> new: vlu-test v2 and its FLB v2"

# A handler listed but not registered in the running kernel.
luod --sysfs "$T/sys-off" check --type vlu-test "$T/new.bz"
want_rc 1
want_out "^vlu-test   *file  refused: not registered in the running kernel: running lists it, but no handler of it is registered: it can write none of its versions now$"
ok "check: a type not registered in the running kernel is refused, with that rule"
luod --sysfs "$T/sys-off" check --type vlu-memfd "$T/new.bz"
want_rc 0
ok "... the other types go"

# One name, one layout: FLBs, core formats.
mkvmlinux odd vlu-kho-v1:core:rw vlu-luo-v1:core:rw vlu-memfd-v1:file:rw \
	vlu-test-v1:file:rw:vlu-other $FLB-v1:flb:rw vlu-other-v1:flb:rw
luod --sysfs "$T/sys-old" check --type vlu-test "$T/odd.vmlinux"
want_rc 1
want_out "refused: FLB dependencies differ between the kernels: vlu-test-v1 needs \"vlu-test-flb\" in running, \"vlu-other\" in .*odd.vmlinux$"
ok "check: the same format with other FLB dependencies is refused"
mkvmlinux luo2 vlu-kho-v1:core:rw vlu-luo-v2:core:rw vlu-memfd-v1:file:rw
luod --sysfs "$T/sys-old" -j check "$T/luo2.vmlinux"
want_rc 1
want_json '.rule == "core format not readable by the next kernel" and
	(.types[] | select(.type == "vlu-luo") | .reason | test("running writes v1, .*luo2.vmlinux reads v2"))'
ok "check: a core format the next kernel cannot read"
luod --sysfs "$T/sys-old" check "$T/v1.zstd.bz"
want_rc 1
want_out "not compatible: .*v1.zstd.bz: section format 1: names collide with mainline's: its formats cannot be told apart from other kernels', so a live update into it is refused$"
ok "check: a section format 1 image is not compatible, exit 1"

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
	.rule == "lists no live-update formats" and
	(.reason | test("lists no live-update formats"))'
ok "... in JSON: the rule and the reason"
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
want_out "compatible (every type has a common version)$"
ok "check --no-daemon: without the held files"

# --- matrix -----------------------------------------------------------

luod matrix old="$T/old.gzip.bz" new="$T/new.xz.bz" next="$T/next.vmlinux"
want_rc 0
want_out "^old      yes      yes      no$"
want_out "^new      yes      yes      no$"
want_out "^next     no       no       yes$"
want_out "^new -> old: vlu-kho-v1 vlu-luo-v1 vlu-memfd-v1 vlu-test-v1 vlu-test-flb-v1$"
want_out "^old -> next: vlu-memfd refused (no common version: old writes v1, next reads v2); vlu-test refused (no common version: old writes v1, next reads v2,v3);$"
want_out "^new -> next: vlu-test refused (needs FLB type vlu-test-flb: no common version: new writes v1,v2, next reads v3); vlu-test-flb refused (no common version: new writes v1,v2, next reads v3);$"
ok "matrix table"

luod -j matrix old="$T/old.bz" new="$T/new.bz" next="$T/next.bz"
want_json '(.images | map(.name)) == ["old", "new", "next"] and
	(.pairs | length) == 9 and
	([.pairs[] | select(.compatible | not) | [.from, .to]] ==
	 [["old", "next"], ["new", "next"], ["next", "old"], ["next", "new"]]) and
	(.pairs[] | select(.from == "old" and .to == "new") |
	 .types[] | select(.type == "vlu-memfd") | .version) == 1 and
	(.pairs[] | select(.from == "next" and .to == "new") | .rule) ==
	 "needs FLB type vlu-test-flb: no common version"'
ok "matrix --json"

luod matrix old="$T/old.bz" plain="$T/plain.zstd.bz" new="$T/new.bz"
want_rc 0
want_out "^old      yes      no       yes$"
want_out "^plain    no       no       no$"
want_out "^new      yes      no       yes$"
want_out "^old -> plain: not compatible: plain lists no live-update formats, so a live update into it is refused$"
want_out "^plain -> new: not compatible: plain lists no live-update formats, so it cannot hand anything over$"
ok "matrix: a kernel without live update is a row and a column of no"
luod -j matrix old="$T/old.bz" plain="$T/plain.zstd.bz" v1="$T/v1.zstd.bz"
want_json '(.images | map(.section)) == [true, false, true] and
	(.images | map(.rule)) == [null, "lists no live-update formats",
		"section format 1: names collide with mainline'"'"'s"] and
	[.pairs[] | .compatible] == [true, false, false, false, false, false,
		false, false, false]'
ok "... in JSON, a section format 1 kernel too"

luod matrix "$T/old.bz" "$T/junk"
want_bad "not a kernel image"
ok "matrix with a broken image"

# --- incoming ---------------------------------------------------------

d=$T/sys-new/kernel/liveupdate/incoming
echo 1 >"$d/liveupdate_boot"
echo 3 >"$d/update_number"
echo ok >"$d/state"
mkcomponent "$T/sys-new" vlu-kho-v1 core ok
mkcomponent "$T/sys-new" vlu-luo-v1 core ok
mkcomponent "$T/sys-new" vlu-memfd-v1 file unsupported
mkcomponent "$T/sys-new" vlu-test-v2 file pending
luod --sysfs "$T/sys-new" -j incoming
want_json '.liveupdate_boot and .update_number == 3 and .state == "ok" and
	.components[2] == {"compatible": "vlu-memfd-v1", "kind": "file",
			   "result": "unsupported"} and
	.components[3].result == "pending" and .unfinished == null'
ok "incoming --json"
luod --sysfs "$T/sys-new" incoming
want_out '^handover: ok$'
want_out '^vlu-test-v2   file  pending$'
want_out '^sessions not finished: unknown (no daemon to ask)$'
ok "incoming: the handover, its components, the sessions"
echo 'refused: luo: unknown format vlu-luo-v9' >"$d/state"
rm -rf "$d/components"/*
mkcomponent "$T/sys-new" "$(printf 'vlu-kho-v1\033[2J')" core ok
luod --sysfs "$T/sys-new" incoming
want_out '^handover: refused: luo: unknown format vlu-luo-v9$'
want_out '^vlu-kho-v1\\x1b\[2J  core  ok$'
ok "incoming: what the kernel says is escaped"
echo 0 >"$d/liveupdate_boot"
echo none >"$d/state"
rm -rf "$d/components"/*
unset LUOD_SOCKET
