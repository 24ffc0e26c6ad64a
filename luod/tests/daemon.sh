# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# The daemon on the fake kernel: holding files, the protocol, a flood of
# connections, signals, its log, update plans; and the event loop kept
# free while an image is read, and when descriptors run out.

# The daemon's kernel also has "vlu-test", the fake kernel's type of the
# files that are not memfds (here without an FLB); it selects vlu-memfd-v2.
# mem.bz knows memfds only; two.zstd.bz both types.
mksys daemon "vlu-kho-v1 core rw 1" "vlu-luo-v1 core rw 1" "vlu-memfd-v1 file rw 0" \
	"vlu-memfd-v2 file rw 1" "vlu-test-v1 file rw 1"
mkvmlinux mem vlu-kho-v1:core:rw vlu-luo-v1:core:rw vlu-memfd-v1:file:rw
mkbz mem zstd || exit 2
cp "$T/mem.zstd.bz" "$T/mem.bz"
mkvmlinux two vlu-kho-v1:core:rw vlu-luo-v1:core:rw vlu-memfd-v1:file:rw vlu-test-v1:file:rw
mkbz two zstd || exit 2

start_daemon "$T/sys-daemon"
head -c 300000 /dev/urandom >"$T/data1"
head -c 100000 /dev/urandom >"$T/data2"
head -c 5000 /dev/urandom >"$T/data3"
echo "cache" >"$T/cachefile"

client preserve vm 1 --memfd <"$T/data1"
want_rc 0
ok "client preserve --memfd"
client -j preserve vm 2 --memfd <"$T/data2"
want_json '. == {"session": "vm", "token": 2, "type": "vlu-memfd"}'
ok "client preserve --json"
client preserve db 1 --memfd <"$T/data3"
want_rc 0
ok "client preserve, another session"
client preserve vm 1 --memfd </dev/null
want_rc 1
want_err "already has token 1"
ok "the same token twice"
client preserve cache 1 "$T/cachefile"
want_rc 2
want_err "cannot tell the type"
ok "a file of unknown type"
client preserve cache 1 --type vlu-test "$T/cachefile"
want_rc 0
ok "a file with an explicit type"
client preserve cache 2 --memfd </dev/null
client preserve luod 1 --memfd </dev/null
want_rc 2
want_err "bad session name"
ok "session luod is reserved"

# What a client says about its file is checked.
client preserve x 1 --type vlu-memfd "$T/data1"
want_rc 2
want_err "data1 is not a memfd"
ok "a declared memfd that is not one"
client preserve x 1 --type bogus "$T/data1"
want_rc 1
want_err 'the running kernel has no file type "bogus"'
ok "a type the running kernel does not have"
client preserve x 1 --type kho "$T/data1"
want_rc 1
want_err 'no file type "kho"'
ok "a type that is not a file type"
client preserve x 1 --type vlu-test "$T/cachefile"
want_rc 1
want_err "the file is held already, as session cache token 1"
ok "the same file twice"
raw -p "$T/data1" preserve session=x token=1 type=test
want_out "^errno=EBADF$"
want_out "^exit=2$"
ok "an O_PATH descriptor"

# The protocol: a malformed message gets an error, then the connection
# is closed; every verb refuses fields it does not take.
raw -c -f /dev/null -f /dev/null -f /dev/null -f /dev/null -f /dev/null status
want_out "^error$"
want_out "^exit=2$"
want_out "^errno=EINVAL$"
want_out "more than 4 descriptors"
want_out "(end of connection)"
ok "a message with more than 4 fds"
raw -c -u status
want_out "^error$"
want_out "not NUL-terminated"
want_out "(end of connection)"
ok "a message that is not NUL-terminated"
raw -c
want_out "^error$"
want_out "^message=empty message$"
want_out "(end of connection)"
ok "an empty message"
raw status verbose=1
want_out "^error$"
want_out 'status: unknown field "verbose"'
ok "an unknown field"
raw types x=1
want_out "^error$"
want_out 'unknown field "x"'
ok "types takes no fields"
raw drop session=a session=b
want_out "^error$"
want_out 'field "session" given twice'
ok "a field given twice"
raw status json=yes
want_out "^error$"
want_out 'takes 0 or 1, not "yes"'
ok "a boolean field takes 0 or 1"
raw status json=0
want_out "^ok$"
want_out "^output=held for the next update"
ok "json=0 is false"
raw status json
want_out "^error$"
want_out '"json" is not key=value'
ok "a field that is not key=value"
raw -f /dev/null status
want_out "^error$"
want_out "status takes no descriptors"
ok "descriptors to a request that takes none"

# Idle connections do not lock the others out: the oldest goes, and the
# log says so once, not once per connection.
"$RAWCLIENT" "$S" -i 200 >"$T/idle" &
idle=$!
wait_for "$T/idle" ready
client status
want_rc 0
ok "200 idle connections and a client more"
kill $idle
wait $idle 2>/dev/null

client preserve scratch 9 --memfd </dev/null
client drop scratch
want_rc 0
ok "client drop"
client -j status
want_json '(.held | map([.session, .token, .type])) ==
	[["vm", 1, "vlu-memfd"], ["vm", 2, "vlu-memfd"], ["db", 1, "vlu-memfd"],
	 ["cache", 1, "vlu-test"], ["cache", 2, "vlu-memfd"]] and .incoming == []'
ok "client status --json"

# SIGHUP does not drop what the daemon holds.
kill -HUP "$DAEMON"
wait_for "$T/daemon.log" "SIGHUP: ignored"
client -j status
want_rc 0
want_json '.held | length == 5'
ok "SIGHUP is ignored: the files are still held"

luod --sysfs "$T/sys-daemon" --socket "$S" check "$T/mem.bz"
want_rc 1
want_out "^vlu-test   *file  refused: no common version: .*mem.bz does not know it"
ok "check considers the types the daemon holds"

luod --socket "$S" update --cmdline x "$T/mem.bz"
want_rc 1
want_out "^cache  *1      vlu-test   refused: mandatory: type vlu-test"
want_out "update aborted: session cache token 1"
ok "update refused: a mandatory type"
want_no_log "$F/log" "^set_version\|^create_session\|^kexec"
ok "an aborted update changes nothing"

printf '# the cache can be rebuilt\noptional session cache\n' >"$T/policy"
luod --socket "$S" -j update --dry-run --cmdline x --policy "$T/policy" \
	"$T/mem.bz"
want_json '.state == "ready" and .dry_run and .compatible and
	(.files | map(.action)) == ["preserve", "preserve", "preserve", "drop", "drop"] and
	(.files[3].reason | test("optional session cache: type vlu-test")) and
	(.types[] | select(.type == "vlu-memfd") | .version == 1 and .selected == 2) and
	.kexec == {"initrd": false, "cmdline": "x"}'
ok "update --dry-run --json through the daemon"

printf 'optional type vlu-test\n' >"$T/policy.type"
luod --socket "$S" -j update --dry-run --cmdline x --policy "$T/policy.type" \
	"$T/mem.bz"
want_json '.state == "ready" and
	(.files | map(.action)) == ["preserve", "preserve", "preserve", "drop", "preserve"] and
	(.files[3].reason | test("^optional type vlu-test: no common version: .*mem.bz does not know it"))'
ok "policy: an optional type drops its files, not their session"

# Names from clients reach the log and the terminal escaped.
evil=$(printf '%s/evil\nluod: error: forged\033[2J' "$T")
cp "$T/mem.bz" "$evil"
luod --socket "$S" update --dry-run --cmdline "$(printf 'x\ny')" "$evil"
want_rc 1
want_no_out "^luod: error: forged"
want_no_out "^y"
want_out 'kexec: .*evil\\nluod: error: forged\\x1b\[2J, initrd none, cmdline "x\\ny"$'
ok "the daemon's report escapes a client's names"
stop_daemon
want_no_log "$T/daemon.log" "^luod: error: forged"
want_log "$T/daemon.log" 'evil\\nluod: error: forged\\x1b\[2J: aborted'
ok "... and so does its log"
want_log "$T/daemon.log" "64 connections: closing the one idle the longest$"
want_log "$T/daemon.log" "last message repeated [0-9]* times"
[ "$(grep -c "64 connections: closing" "$T/daemon.log")" -le 3 ] ||
	miss "$(grep -c "64 connections: closing" "$T/daemon.log") lines for 136 idle evictions"
ok "repeated log lines are counted, not repeated"
rm -f "$evil"

# Whenever files go, luod's manifest (a memfd) goes too: check says so.
mksys t "vlu-kho-v1 core rw 1" "vlu-luo-v1 core rw 1" "vlu-memfd-v2 file rw 1" \
	"vlu-test-v1 file rw 1"
start_daemon "$T/sys-t"
client preserve cache 1 --type vlu-test "$T/cachefile"
luod --sysfs "$T/sys-t" --socket "$S" check "$T/two.zstd.bz"
want_rc 1
want_out "^vlu-test   *file  v1 (newest common version)$"
want_out "^vlu-memfd  *file  refused: no common version"
ok "check: held files need the manifest's memfd"
luod --socket "$S" update --dry-run --cmdline x "$T/two.zstd.bz"
want_rc 1
want_out "update aborted: file vlu-memfd: no common version.*manifest is a memfd"
ok "update agrees with check"
stop_daemon
ok "the daemon exits cleanly"

# Reading an image does not stop the daemon: while one is held up,
# others are served, and a second update waits its turn.
fresh
start_daemon "$T/sys-daemon" FAKELUO_HOLD_MAPPED="$T/go"
client preserve vm 1 --memfd <"$T/data1"
"$LUOD" --socket "$S" update --dry-run --cmdline x "$T/mem.bz" \
	>"$T/held.out" 2>&1 &
held=$!
wait_for "$F/log" "^holding mmap$"
ok "an update's image is being read"
timeout 20 "$LUOD" --socket "$S" client status >"$T/out" 2>"$T/err"
rc=$?
want_rc 0
want_out "^  session vm token 1 vlu-memfd$"
ok "meanwhile the daemon serves others"
timeout 20 "$LUOD" --socket "$S" update --dry-run --cmdline x "$T/mem.bz" \
	>"$T/out" 2>"$T/err"
rc=$?
want_rc 1
want_err "an update is being prepared already"
ok "a second update meanwhile is refused: EBUSY"
client preserve vm 2 --memfd <"$T/data2"
: >"$T/go"
wait $held
rc=$?
cp "$T/held.out" "$T/out"
want_rc 0
want_out "^vm  *1      vlu-memfd  preserve$"
want_out "^vm  *2      vlu-memfd  preserve$"
want_out "^update ready (dry run"
ok "the update goes on with the files held once its image is read"
stop_daemon
ok "the daemon exits cleanly"

# Out of descriptors: no spinning on accept4(), and the daemon is still
# reachable (a descriptor in reserve) to drop files and free some.
fresh
NOFILE=40 start_daemon "$T/sys-daemon"
# A client that does not hang if the daemon stops accepting.
tclient()
{
	timeout 20 "$LUOD" --socket "$S" client "$@" >"$T/out" 2>"$T/err"
	rc=$?
	return $rc
}
i=0
while [ $i -lt 60 ]; do
	tclient preserve many $i --memfd </dev/null || break
	i=$((i + 1))
done
want [ "$rc" -ge 1 ]
want_err "no free file descriptor\|Too many open files"
ok "preserve when the daemon has no descriptor left: a clear error"
tclient -j status
want_rc 0
want_json ".held | length == $i"
ok "status still answers"
"$RAWCLIENT" "$S" -i 3 >"$T/idle" &
idle=$!
wait_for "$T/idle" ready
sleep 1
n=$(grep -c "^accept4: EMFILE" "$F/log")
[ "$n" -le 10 ] || miss "$n failed accept4() calls: it spins"
ok "out of descriptors, connections waiting: no spinning"
kill $idle
wait $idle 2>/dev/null
tclient drop many
want_rc 0
tclient preserve vm 1 --memfd </dev/null
want_rc 0
ok "dropping files frees descriptors: preserve works again"
stop_daemon
ok "the daemon exits cleanly"
unset NOFILE
