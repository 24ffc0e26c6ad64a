# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Whole updates on the fake kernel: what is loaded is what was
# negotiated, every kernel step that fails is undone, the handover to
# the next boot's daemon, and updates without a daemon.

# The image is read once, into a sealed copy: a client truncating it
# while luod parses it cannot kill luod (SIGBUS) ...
fresh
cp "$T/new.zstd.bz" "$T/race.bz"
fake_luod FAKELUO_TRUNCATE_MAPPED="$T/race.bz" "$LUOD" -j versions "$T/race.bz"
want_rc 0
jq -c .entries "$T/out" >"$T/entries"
want cmp -s "$T/entries" "$T/ref"
want_log "$F/log" "^truncate /memfd:luod-image: EPERM$"
want cmp -s "$T/race.bz" "$T/new.zstd.bz"
ok "an image truncated while it is parsed"
cp "$T/new.zstd.bz" "$T/race.bz"
start_daemon "$T/sys-daemon" FAKELUO_TRUNCATE_MAPPED="$T/race.bz"
luod --socket "$S" update --dry-run --cmdline x "$T/race.bz"
want_rc 0
want_out "^update ready"
want_log "$F/log" "^truncate /memfd:luod-image: EPERM$"
client status
want_rc 0
ok "an image truncated while the daemon parses it"
stop_daemon
ok "the daemon exits cleanly"

# ... and what is loaded is what was negotiated, whatever happens to
# the file meanwhile.
fresh
cp "$T/mem.bz" "$T/swap.bz"
start_daemon "$T/sys-daemon" FAKELUO_OVERWRITE="$T/next.gzip.bz:$T/swap.bz"
client preserve vm 1 --memfd <"$T/data1"
luod --socket "$S" update --cmdline x "$T/swap.bz"
want_rc 0
want_log "$F/log" "^overwrote $T/swap.bz$"
want_log "$F/log" "^kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/mem.bz") bytes "
ok "an image changed after the negotiation"
wait_reboot
ok "the daemon is gone with the kexec reboot"

# FLBs follow their handlers: the test object's FLB is selected with it,
# before anything is preserved; core formats are never selected.
fresh
start_daemon "$T/sys-new"
client preserve cache 1 --type vlu-test "$T/cachefile"
client preserve vm 1 --memfd <"$T/data1"
luod --socket "$S" update --cmdline x "$T/next.bz"
want_rc 1
want_out "update aborted: session cache token 1: mandatory: type vlu-test: needs FLB type vlu-test-flb: no common version: running writes v1,v2, .*next.bz reads v3$"
want_no_log "$F/log" "^set_version\|^create_session\|^kexec"
ok "update refused for an FLB with no common version: nothing changed"
luod --socket "$S" update --cmdline x "$T/new.bz"
want_rc 0
cat >"$T/log.expected" <<EOF2
set_version vlu-memfd 2
set_version vlu-test 2
set_version vlu-test-flb 2
create_session cache
preserve cache 1 $T/cachefile vlu-test-v2+vlu-test-flb-v2
create_session vm
preserve vm 1 /memfd:vm vlu-memfd-v2
create_session luod
preserve luod 0 /memfd:luod-manifest vlu-memfd-v2
kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/new.bz") bytes initrd=none cmdline=x flags=4
check_next: ok
EOF2
wait_reboot
kernel_log | grep -v "^handed over\|^reboot" >"$T/log.seen"
want cmp -s "$T/log.seen" "$T/log.expected"
ok "update: SET_VERSION of the file type and its FLB first, no core format"

# update_with VAR=VALUE [LUOD-OPTION]: a fresh daemon whose fake kernel
# fails as VAR says, holding one memfd, then an update into old.bz.
update_with()
{
	fresh
	start_daemon "$T/sys-daemon" "$1"
	client preserve vm 1 --memfd <"$T/data1"
	luod --socket "$S" ${2:-} update --cmdline x "$T/mem.bz"
}

update_with FAKELUO_SET_VERSION_ERRNO=16
want_rc 1
want_out "update failed: SET_VERSION vlu-memfd v1: EBUSY"
want [ "$(kernel_log | tr "\n" ";")" = "set_version vlu-memfd 1: EBUSY;" ]
ok "SET_VERSION refused: the update fails and is undone"
stop_daemon
ok "the daemon exits cleanly"

update_with FAKELUO_PRESERVE_ERRNO=2 -j
want_rc 1
want_json '.state == "failed" and (.reason | test("PRESERVE_FD vm token 1: ENOENT"))'
want [ "$(kernel_log | tr "\n" ";")" = "set_version vlu-memfd 1;create_session vm;preserve vm 1 /memfd:vm: ENOENT;set_version vlu-memfd 2;" ]
want [ "$(selection "$T/sys-run")" = "$(selection "$T/sys-daemon")" ]
ok "PRESERVE_FD refused: the version is selected back"
client -j status
want_json '.held | length == 1'
ok "the daemon still holds the file"
stop_daemon
ok "the daemon exits cleanly"

# kexec_file_load refused: sessions closed, then both types selected back.
fresh
mksys two "vlu-kho-v1 core rw 1" "vlu-luo-v1 core rw 1" "vlu-memfd-v1 file rw 0" \
	"vlu-memfd-v2 file rw 1" "vlu-test-v1 file rw 0" "vlu-test-v2 file rw 1"
start_daemon "$T/sys-two" FAKELUO_KEXEC_ERRNO=8
client preserve vm 1 --memfd <"$T/data1"
client preserve cache 1 --type vlu-test "$T/cachefile"
luod --socket "$S" update --cmdline x "$T/two.zstd.bz"
want_rc 1
want_out "update failed: kexec_file_load .*two.zstd.bz: ENOEXEC"
ok "kexec_file_load refused: the update fails"
cat >"$T/log.expected" <<EOF2
set_version vlu-memfd 1
set_version vlu-test 1
create_session vm
preserve vm 1 /memfd:vm vlu-memfd-v1
create_session cache
preserve cache 1 $T/cachefile vlu-test-v1
create_session luod
preserve luod 0 /memfd:luod-manifest vlu-memfd-v1
kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/two.zstd.bz") bytes initrd=none cmdline=x flags=4: ENOEXEC
set_version vlu-test 2
set_version vlu-memfd 2
EOF2
kernel_log >"$T/log.seen"
want cmp -s "$T/log.seen" "$T/log.expected"
want [ "$(selection "$T/sys-run")" = "$(selection "$T/sys-two")" ]
ok "... and undone: both versions selected back"
stop_daemon
ok "the daemon exits cleanly"

# The reboot fails: the client hears of it, and everything is undone.
update_with FAKELUO_REBOOT_ERRNO=1
want_rc 1
want_out "^update rebooting$"
want_out "^update failed: reboot: EPERM"
want_err "^luod: error: reboot: EPERM"
ok "a failed reboot: exit 1, state failed"
want [ "$(kernel_log | tail -3 | tr "\n" ";")" = "reboot: EPERM;kexec_file_load unload;set_version vlu-memfd 2;" ]
want [ "$(selection "$T/sys-run")" = "$(selection "$T/sys-daemon")" ]
ok "a failed reboot is undone"
luod --socket "$S" -j update --cmdline x "$T/mem.bz"
want_rc 1
want jq -s -e 'length == 2 and .[0].state == "rebooting" and
	(.[1].error | test("^reboot: EPERM"))' "$T/out" >/dev/null
ok "a failed reboot in JSON: the plan, then an error"
client -j status
want_json '.held | length == 1'
ok "the daemon still holds the file"
stop_daemon
ok "the daemon exits cleanly"

fresh
start_daemon "$T/sys-daemon"
client preserve vm 1 --memfd <"$T/data1"
client preserve vm 2 --memfd <"$T/data2"
client preserve db 1 --memfd <"$T/data3"
client preserve mod 1 --memfd <"$T/data3"
client preserve cache 1 --type vlu-test "$T/cachefile"
luod --socket "$S" update --cmdline "console=ttyS0 x" \
	--initrd "$T/cachefile" --policy "$T/policy" "$T/mem.bz"
want_rc 0
want_out "^update rebooting$"
ok "update through the daemon"
wait_reboot
ok "the daemon is gone with the kexec reboot"
cat >"$T/log.expected" <<EOF2
set_version vlu-memfd 1
create_session vm
preserve vm 1 /memfd:vm vlu-memfd-v1
preserve vm 2 /memfd:vm vlu-memfd-v1
create_session db
preserve db 1 /memfd:db vlu-memfd-v1
create_session mod
preserve mod 1 /memfd:mod vlu-memfd-v1
create_session luod
preserve luod 0 /memfd:luod-manifest vlu-memfd-v1
kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/mem.bz") bytes initrd=$T/cachefile cmdline=console=ttyS0 x flags=0
check_next: ok
handed over vm 1
handed over vm 2
handed over db 1
handed over mod 1
handed over luod 0
reboot
EOF2
kernel_log >"$T/log.seen"
want cmp -s "$T/log.seen" "$T/log.expected"
ok "the kernel saw: SET_VERSION, sessions, manifest, kexec, its own verdict"
printf "luod-manifest 2\nfile vm 1 vlu-memfd 0\nfile vm 2 vlu-memfd 0\nfile db 1 vlu-memfd 0\nfile mod 1 vlu-memfd 0\n" >"$T/manifest.expected"
want cmp -s "$T/manifest.expected" "$F/handover/luod/0"
ok "the manifest, with the owners"

# The next boot: db was written in a format this kernel cannot read, mod
# is read by a module not loaded yet.
echo 93 >"$F/handover/db/errno"	# EPROTONOSUPPORT
echo 11 >"$F/handover/mod/errno"	# EAGAIN
echo 1 >"$T/sys-old/kernel/liveupdate/incoming/liveupdate_boot"
: >"$F/log"
start_daemon "$T/sys-old"
client -j status
want_json '.held == [] and (.incoming | map([.session, .state])) ==
	[["vm", "ready"], ["db", "failed"], ["mod", "pending"]] and
	(.incoming[1].error | test("EPROTONOSUPPORT")) and
	(.incoming[2].error | test("^EAGAIN: not yet"))'
ok "the next boot: sessions from the manifest, one refused, one pending"
luod --socket "$S" update --dry-run --cmdline x "$T/new.bz"
want_rc 1
want_err "incoming sessions are not finished, and the kexec would lose what they hold: session vm (ready, token 1, token 2 not retrieved; finish it: luod client finish vm); session db (failed: EPROTONOSUPPORT: .*; discard it: luod discard db); session mod (pending: EAGAIN: .*; load the module that reads it and retrieve it, or discard it: luod discard mod)$"
want_log "$T/daemon.log" "warning: update refused: incoming sessions not finished"
ok "no update while incoming sessions are not finished, each named with its way out"
luod --sysfs "$T/sys-old" --socket "$S" incoming
want_rc 0
want_out "^sessions not finished: 3 (a live update is refused until they are finished or discarded)$"
want_out "^  session db: failed: EPROTONOSUPPORT: .*; discard it: luod discard db$"
ok "incoming: the sessions not finished, from the daemon"
luod --sysfs "$T/sys-old" --socket "$S" -j incoming
want_json '(.unfinished | map([.session, .state])) ==
	[["vm", "ready"], ["db", "failed"], ["mod", "pending"]] and
	.unfinished[0].error == null and
	.unfinished[2].way_out == "load the module that reads it and retrieve it, or discard it: luod discard mod"'
ok "... in JSON"
rm "$F/handover/mod/errno"
client -j retrieve mod 1
want_rc 0
want_json '.size == 5000'
want_log "$F/log" "^retrieve_session mod$"
ok "a pending session is retried when asked for, and comes"
client finish mod
want_rc 0
luod --socket "$S" client retrieve vm 1 -o "$T/back1"
want_rc 0
want cmp -s "$T/back1" "$T/data1"
ok "retrieve into a file"
client retrieve vm 1 -o /dev/full
want_rc 2
want_err "No space left on device"
ok "retrieve into a file that cannot be written: exit 2"
luod --socket "$S" client retrieve vm 2 -- sh -c 'cat <&3 >"$0"' "$T/back2"
want_rc 0
want cmp -s "$T/back2" "$T/data2"
ok "retrieve into a command's fd 3"
client -j retrieve vm 2
want_json '. == {"session": "vm", "token": 2, "type": "vlu-memfd", "size": 100000}'
ok "retrieve --json"
client retrieve vm 7 -o -
want_rc 1
want_err "session vm has no token 7"
ok "retrieve an unknown token"
client retrieve db 1 -o -
want_rc 1
want_err "EPROTONOSUPPORT: the previous kernel wrote the session in a format this kernel cannot read"
ok "retrieve from an unreadable session"
client retrieve nope 1 -o -
want_rc 1
want_err "no session nope"
ok "retrieve from an unknown session"
luod --socket "$S" update --dry-run --cmdline x "$T/new.bz"
want_rc 1
want_err ": session vm (ready; finish it: luod client finish vm); session db (failed"
ok "every file retrieved, but vm not finished and db there: still refused"
client finish vm
want_rc 0
ok "finish"
client retrieve vm 1 -o -
want_rc 1
want_err "session vm is finished"
ok "retrieve after finish"
luod --socket "$S" discard vm
want_rc 1
want_err "session vm is finished already"
luod --socket "$S" -j discard db
want_rc 0
want_json '. == {"session": "db", "discarded": true}'
want_log "$F/log" "^discard_session db$"
want_log "$T/daemon.log" "discard: session db discarded"
ok "discard: a refused session, through the daemon"
luod --socket "$S" discard db
want_rc 1
want_err "session db is discarded already"
client retrieve db 1 -o -
want_rc 1
want_err "session db is discarded"
ok "discard twice, and retrieve what was discarded: refused"
luod --socket "$S" update --dry-run --cmdline x "$T/new.bz"
want_rc 0
want_out "^update ready"
ok "everything finished or discarded: an update may go"
want [ "$(kernel_log | head -4 | tr "\n" ";")" = "retrieve_session luod;retrieve_fd luod 0;finish luod;retrieve_session vm;" ]
ok "the kernel saw: luod's session first, then finish"
stop_daemon
ok "the daemon exits cleanly after the handover"

start_daemon "$T/sys-old"
stop_daemon
want_log "$T/daemon.log" "warning: never retrieved, released now: session vm token 1, session vm token 2, session mod token 1$"
ok "stopped before files are retrieved: a warning"

start_daemon "$T/sys-old"
client preserve scratch 1 --memfd </dev/null
client preserve scratch 2 --memfd </dev/null
client -j drop scratch
cp "$T/out" "$T/drop.json"
client -j finish vm
stop_daemon
want_json '. == {"session": "vm", "finished": true}'
want jq -e '. == {"session": "scratch", "dropped": 2}' "$T/drop.json" >/dev/null
ok "client finish --json and drop --json"

printf 'luod-manifest 2\nfile vm\n' >"$F/handover/luod/0"
start_daemon "$T/sys-old"
client -j status
want_rc 0
want_json '.incoming == []'
want_log "$T/daemon.log" "error: manifest:2: malformed line"
ok "a malformed manifest: logged, nothing taken over"
stop_daemon
ok "the daemon exits cleanly"
echo 0 >"$T/sys-old/kernel/liveupdate/incoming/liveupdate_boot"

client status
want_rc 2
want_err "cannot reach the daemon"
ok "client without a daemon"

: >"$T/notasock"
timeout 5 "$LUOD" --sysfs "$T/sys-new" daemon --socket "$T/notasock" \
	>"$T/out" 2>"$T/err"
rc=$?
want_rc 1
want_err "notasock exists and is not a socket"
want [ -f "$T/notasock" ]
ok "--socket names a file that is not a socket"

# --- update without a daemon --------------------------------------------

export LUOD_SOCKET="$T/no-daemon.sock"
luod --sysfs "$T/sys-new" update --dry-run --cmdline "console=ttyS0" "$T/mem.bz"
want_rc 0
want_out "update ready (dry run"
want_out 'cmdline "console=ttyS0"'
want_err "no daemon at"
ok "update --dry-run without a daemon"

luod --sysfs "$T/sys-new" update --dry-run "$T/old.vmlinux"
want_bad "not a bzImage"
ok "update needs a bzImage"

printf 'optional thing memfd\n' >"$T/policy.bad"
luod --sysfs "$T/sys-new" update --dry-run --policy "$T/policy.bad" "$T/mem.bz"
want_bad 'policy.bad:1: "thing" is neither type nor session'
ok "bad policy"
unset LUOD_SOCKET

fresh
fake_luod "$LUOD" --sysfs "$T/sys-new" --socket "$S" update --cmdline y "$T/next.bz"
want_rc 0
want_out "^update rebooting$"
want [ "$(kernel_log | tr "\n" ";")" = "kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/next.bz") bytes initrd=none cmdline=y flags=4;check_next: ok;reboot;" ]
ok "update without a daemon: core formats only, then kexec"

fresh
fake_luod FAKELUO_REBOOT_ERRNO=1 "$LUOD" --sysfs "$T/sys-new" --socket "$S" \
	update --cmdline y "$T/next.bz"
want_rc 1
want_out "^update rebooting$"
want_out "^update failed: reboot: EPERM"
want_err "^luod: error: reboot: EPERM"
want [ "$(kernel_log | tail -2 | tr "\n" ";")" = "reboot: EPERM;kexec_file_load unload;" ]
ok "update without a daemon, the reboot fails: exit 1, state failed"
fake_luod FAKELUO_REBOOT_ERRNO=1 "$LUOD" -j --sysfs "$T/sys-new" --socket "$S" \
	update --cmdline y "$T/next.bz"
want_rc 1
want jq -s -e 'length == 2 and .[0].state == "rebooting" and
	(.[1].error | test("^reboot: EPERM"))' "$T/out" >/dev/null
ok "... in JSON: the plan, then an error"

# The kernel refuses the kexec while an incoming session is unfinished:
# luod says why, in those words, and undoes everything.
fresh
mkdir -p "$F/handover/left"
echo x >"$F/handover/left/1"
fake_luod "$LUOD" --sysfs "$T/sys-new" --socket "$S" update --cmdline y "$T/next.bz"
want_rc 1
want_out "^update failed: reboot: EBUSY: an incoming session is neither finished nor discarded: what it holds would be lost; finish it, or discard it (luod discard SESSION)$"
want [ "$(kernel_log | tail -3 | tr "\n" ";")" = "incoming session left is neither finished nor discarded;reboot: EBUSY;kexec_file_load unload;" ]
ok "update without a daemon, an incoming session unfinished: EBUSY, said why"
fake_luod "$LUOD" --sysfs "$T/sys-new" --socket "$S" discard left
want_rc 0
want_log "$F/log" "^discard_session left$"
ok "discard without a daemon"
fake_luod "$LUOD" --sysfs "$T/sys-new" --socket "$S" discard left
want_rc 1
want_err "^luod: error: discard left: ENOENT: no incoming session of that name"
ok "discard of what is not there: ENOENT"
fake_luod "$LUOD" --sysfs "$T/sys-new" --socket "$S" update --cmdline y "$T/next.bz"
want_rc 0
want_out "^update rebooting$"
ok "... then the update goes"
