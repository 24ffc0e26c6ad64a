# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Who may talk to the daemon, tried as other users: test users are made
# when the tests run as root (useradd; idempotent), else every test here
# is a visible SKIP. Users: luod-test-a and -b in group luod-test,
# luod-test-c in no group of luod's.

ACCESS_TESTS="group socket mode;a member may preserve;a stranger cannot connect;\
a stranger refused by credentials;a stranger's check: no verdict;\
another member sees nothing of it;another member cannot drop it;\
another member cannot add to it;root sees every session;the owner sees it;\
a member may not update;a member with CAP_SYS_BOOT may update;\
a member may check;the manifest carries the owner;\
after the update, the owner retrieves;another member cannot retrieve;\
another member cannot finish;the owner finishes;\
a squatting listener gets no file;a squatting listener gets no check;\
a squatting listener gets no update;a listener of a trusted user"

# make_user NAME [GROUP]: a system user, in GROUP too if given.
make_user()
{
	id -u "$1" >/dev/null 2>&1 ||
		useradd --system --no-create-home --shell /usr/sbin/nologin \
			${2:+-G "$2"} "$1" 2>/dev/null ||
		id -u "$1" >/dev/null 2>&1
}

users_ok()
{
	[ "$(id -u)" = 0 ] && command -v useradd >/dev/null &&
	command -v setpriv >/dev/null || return 1
	getent group luod-test >/dev/null ||
		groupadd --system luod-test 2>/dev/null ||
		getent group luod-test >/dev/null || return 1
	make_user luod-test-a luod-test && make_user luod-test-b luod-test &&
	make_user luod-test-c
}

# as USER [+CAP] COMMAND...: COMMAND as USER (with its groups), with
# capability CAP (e.g. +sys_boot) if given; output and status as luod().
as()
{
	_u=$1
	shift
	_caps=
	case $1 in +*) _caps="--inh-caps=$1 --ambient-caps=$1"; shift ;; esac
	# shellcheck disable=SC2086
	setpriv --reuid="$_u" --regid="$(id -g "$_u")" --init-groups $_caps \
		-- "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

if ! users_ok; then
	_ifs=$IFS
	IFS=';'
	for name in $ACCESS_TESTS; do
		skip "$name" "not root, or no useradd/setpriv: no test users"
	done
	IFS=$_ifs
	return 0
fi

ua=$(id -u luod-test-a)
chmod 711 "$T"
mkdir -p "$T/pub"
chmod 755 "$T/pub"
cp "$T/mem.bz" "$T/pub/old.bz"
chmod 644 "$T/pub/old.bz"
S_ROOT=$S
S=$T/pub/luod.sock
fresh

start_daemon "$T/sys-daemon" -- --group luod-test
want [ "$(stat -c '%a %G' "$S")" = "660 luod-test" ]
ok "group socket mode"

as luod-test-a "$LUOD" --socket "$S" client preserve u1 1 --memfd <"$T/data1"
want_rc 0
ok "a member may preserve"

as luod-test-c "$LUOD" --socket "$S" client status
want_rc 2
want_err "cannot reach the daemon at .*: Permission denied"
ok "a stranger cannot connect"

# Were the socket's mode wrong, the credentials would still be checked.
chmod 666 "$S"
as luod-test-c "$LUOD" --socket "$S" client status
want_rc 1
want_err "uid $(id -u luod-test-c) may not use luod: root and the daemon's group only"
ok "a stranger refused by credentials"

as luod-test-c "$LUOD" --sysfs "$T/sys-daemon" --socket "$S" check "$T/pub/old.bz"
want_rc 2
want_no_out compatible
want_err "cannot learn the types of the files the daemon holds: .*may not use luod"
ok "a stranger's check: no verdict"
chmod 660 "$S"

as luod-test-b "$LUOD" --socket "$S" -j client status
want_rc 0
want_json '.held == []'
ok "another member sees nothing of it"

as luod-test-b "$LUOD" --socket "$S" client drop u1
want_rc 1
want_err "session u1 belongs to another user"
ok "another member cannot drop it"

as luod-test-b "$LUOD" --socket "$S" client preserve u1 2 --memfd </dev/null
want_rc 1
want_err "session u1 belongs to another user"
ok "another member cannot add to it"

client preserve r1 1 --memfd <"$T/data2"
client -j status
want_json '(.held | map(.session)) == ["u1", "r1"]'
ok "root sees every session"

as luod-test-a "$LUOD" --socket "$S" -j client status
want_json '(.held | map([.session, .token])) == [["u1", 1]]'
ok "the owner sees it"

as luod-test-a "$LUOD" --socket "$S" update --dry-run --cmdline x "$T/pub/old.bz"
want_rc 1
want_err "update needs root or CAP_SYS_BOOT (uid $ua has neither)"
want_no_err "no daemon"
ok "a member may not update"

as luod-test-a +sys_boot "$LUOD" --socket "$S" update --dry-run --cmdline x \
	"$T/pub/old.bz"
want_rc 0
want_out "^update ready (dry run"
ok "a member with CAP_SYS_BOOT may update"

as luod-test-a "$LUOD" --sysfs "$T/sys-daemon" --socket "$S" check "$T/pub/old.bz"
want_rc 0
want_out "^vlu-memfd  *file  v1 (newest common version; selected now: v2)$"
ok "a member may check"

luod --socket "$S" update --cmdline x "$T/mem.bz"
want_rc 0
wait_reboot
printf "luod-manifest 2\nfile u1 1 vlu-memfd %s\nfile r1 1 vlu-memfd 0\n" "$ua" \
	>"$T/manifest.expected"
want cmp -s "$T/manifest.expected" "$F/handover/luod/0"
ok "the manifest carries the owner"

echo 1 >"$T/sys-old/kernel/liveupdate/incoming/liveupdate_boot"
start_daemon "$T/sys-old" -- --group luod-test
as luod-test-a "$LUOD" --socket "$S" client retrieve u1 1 -o -
want_rc 0
want cmp -s "$T/out" "$T/data1"
ok "after the update, the owner retrieves"
as luod-test-b "$LUOD" --socket "$S" client retrieve u1 1 -o -
want_rc 1
want_err "session u1 belongs to another user"
ok "another member cannot retrieve"
as luod-test-b "$LUOD" --socket "$S" client finish u1
want_rc 1
want_err "session u1 belongs to another user"
ok "another member cannot finish"
as luod-test-a "$LUOD" --socket "$S" client finish u1
want_rc 0
ok "the owner finishes"
client finish r1
stop_daemon
echo 0 >"$T/sys-old/kernel/liveupdate/incoming/liveupdate_boot"

# Someone else's listener on the path: the client trusts root only.
mkdir -p "$T/pub/squat"
chown luod-test-a "$T/pub/squat"
setpriv --reuid=luod-test-a --regid="$(id -g luod-test-a)" --init-groups -- \
	"$LUOD" --sysfs "$T/sys-daemon" daemon --socket "$T/pub/squat/luod.sock" \
	2>"$T/pub/squat.log" &
squat=$!
wait_for "$T/pub/squat.log" "listening on"
luod --socket "$T/pub/squat/luod.sock" client preserve x 1 --memfd <"$T/data3"
want_rc 2
want_err "the listener runs as uid $ua, not root: luod does not trust it"
want_no_log "$T/pub/squat.log" "holding"
ok "a squatting listener gets no file"
luod --sysfs "$T/sys-daemon" --socket "$T/pub/squat/luod.sock" check "$T/mem.bz"
want_rc 2
want_no_out compatible
ok "a squatting listener gets no check"
luod --sysfs "$T/sys-daemon" --socket "$T/pub/squat/luod.sock" update \
	--dry-run --cmdline x "$T/mem.bz"
want_rc 2
want_no_err "no daemon"
want_no_out "update ready"
ok "a squatting listener gets no update"
luod --daemon-user luod-test-a --socket "$T/pub/squat/luod.sock" client \
	preserve x 1 --memfd <"$T/data3"
want_rc 0
want_log "$T/pub/squat.log" "holding session x token 1 (vlu-memfd)"
ok "a listener of a trusted user"
kill "$squat"
wait "$squat"
S=$S_ROOT
chmod 700 "$T"
