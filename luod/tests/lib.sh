# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# The shared part of luod's command tests (run.sh sources it first):
# running luod, assertions, TAP output, and the makers of synthetic
# images, fake sysfs trees, the fake kernel and test users.
#
# A test runs commands, states what must hold of the last one with the
# want_* functions (each failing one is noted), and ends with ok NAME:
# "ok N - NAME", or "not ok N - NAME" with what was missed and the
# command's output. finish prints the TAP plan and the summary.

set -u
: "${LUOD:?} ${MKIMAGE:?} ${RAWCLIENT:?} ${FAKELUO:?}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:exitcode=98
unset LUOD_SYSFS LUOD_SOCKET LUOD_DAEMON_USER

T=$(mktemp -d)
DAEMON=
tests=0
failed=0
why=
rc=0
cleanup()
{
	[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# luod ARGS...: run luod, output in $T/out and $T/err, status in $rc.
luod()
{
	"$LUOD" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# --- assertions about the last command -------------------------------

miss() { why="${why:+$why; }$*"; }
want_rc() { [ "$rc" -eq "$1" ] || miss "exit status $rc, not $1"; }
want_out() { grep -q -- "$1" "$T/out" || miss "no output line matches '$1'"; }
want_no_out() { ! grep -q -- "$1" "$T/out" || miss "an output line matches '$1'"; }
want_err() { grep -q -- "$1" "$T/err" || miss "no error line matches '$1'"; }
want_no_err() { ! grep -q -- "$1" "$T/err" || miss "an error line matches '$1'"; }
want_lines()
{
	_n=$(wc -l <"$T/out")
	[ "$_n" -eq "$1" ] || miss "$_n output lines, not $1"
}
# want_json FILTER: the output is JSON and jq's FILTER holds of it.
want_json()
{
	{ [ -s "$T/out" ] && jq -e "$1" "$T/out" >/dev/null 2>&1; } ||
		miss "JSON: not $1"
}
# want_bad TEXT: an input error: exit 2, a "luod: error:" line with TEXT.
want_bad()
{
	want_rc 2
	want_err "^luod: error: .*$1"
}
# want COMMAND...: COMMAND succeeds; want_not: it fails.
want() { "$@" || miss "failed: $*"; }
want_not() { ! "$@" || miss "succeeded: $*"; }
# want_log FILE RE / want_no_log FILE RE: a line of FILE matches RE.
want_log() { grep -q -- "$2" "$1" || miss "no line of $1 matches '$2'"; }
want_no_log() { ! grep -q -- "$2" "$1" || miss "a line of $1 matches '$2'"; }

# ok NAME: one test, passed if nothing was missed since the last one.
ok()
{
	tests=$((tests + 1))
	if [ -z "$why" ]; then
		echo "ok $tests - $1"
	else
		failed=$((failed + 1))
		echo "not ok $tests - $1"
		echo "#   $why (last exit status $rc)"
		sed 's/^/#   out: /' "$T/out" 2>/dev/null | head -20
		sed 's/^/#   err: /' "$T/err" 2>/dev/null | head -20
	fi
	why=
}

# skip NAME REASON: a test that cannot run here, said so.
skip()
{
	tests=$((tests + 1))
	echo "ok $tests - $1 # SKIP $2"
	why=
}

finish()
{
	echo "1..$tests"
	echo "luod: $((tests - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# --- synthetic images --------------------------------------------------

printf 'int liveupdate_test_symbol;\n' >"$T/base.c"
cc -c -o "$T/base.o" "$T/base.c" || exit 2

# mkvmlinux NAME [MKIMAGE-OPTIONS] ENTRY...: an ELF with a versions section.
mkvmlinux()
{
	_name=$1
	shift
	"$MKIMAGE" blob "$@" >"$T/$_name.blob" &&
	objcopy --add-section .liveupdate_versions="$T/$_name.blob" \
		--set-section-flags .liveupdate_versions=alloc,readonly \
		"$T/base.o" "$T/$_name.vmlinux"
}

# mkbz NAME COMP: NAME.COMP.bz, a bzImage with a COMP payload, built the
# way the kernel does (xz with the x86 filter and the size appended).
mkbz()
{
	_elf=$T/$1.vmlinux
	_size=$(wc -c <"$_elf")
	case $2 in
	gzip) gzip -9 -n -c "$_elf" >"$T/p" && set -- "$1" "$2" ;;
	xz) xz --check=crc32 --x86 --lzma2=dict=1MiB -c "$_elf" >"$T/p" &&
		set -- "$1" "$2" -s "$_size" ;;
	lzma) lzma -9 -c "$_elf" >"$T/p" && set -- "$1" "$2" -s "$_size" ;;
	zstd) zstd -q -19 -c "$_elf" >"$T/p" && set -- "$1" "$2" -s "$_size" ;;
	esac
	_name=$1
	_comp=$2
	shift 2
	"$MKIMAGE" bzimage "$@" "$T/p" >"$T/$_name.$_comp.bz"
}

# mkformat DIR COMPAT KIND CAPS SELECTED [reg=0] [listed=CAPS] [deps=A,B]
# [provider=P]: the directory DIR/COMPAT of a format as the kernel shows
# it (type and version from COMPAT; listed_caps CAPS, or rw when caps is
# - and it is not registered).
mkformat()
{
	_f=$1/$2
	mkdir -p "$_f"
	echo "${2%-v*}" >"$_f/type"
	echo "${2##*-v}" >"$_f/version"
	echo "$3" >"$_f/kind"
	echo "$4" >"$_f/caps"
	echo "$5" >"$_f/selected"
	_listed=$4 _reg=1 _deps= _prov=vmlinux
	shift 5
	for _kv in "$@"; do
		case $_kv in
		reg=*) _reg=${_kv#reg=} ;;
		listed=*) _listed=${_kv#listed=} ;;
		deps=*) _deps=$(echo "${_kv#deps=}" | tr , ' ') ;;
		provider=*) _prov=${_kv#provider=} ;;
		esac
	done
	[ "$_reg" = 0 ] && [ "$_listed" = - ] && _listed=rw
	echo "$_listed" >"$_f/listed_caps"
	echo "$_reg" >"$_f/registered"
	echo "$_prov" >"$_f/provider"
	echo "$_deps" >"$_f/flb_deps"
}

# mksys NAME LINE...: a fake sysfs root $T/sys-NAME, live update enabled,
# nothing handed over; each LINE the arguments of mkformat after DIR.
mksys()
{
	_dir=$T/sys-$1/kernel/liveupdate
	shift
	rm -rf "$_dir"
	mkdir -p "$_dir/formats" "$_dir/incoming/components"
	echo enabled >"$_dir/state"
	for _line in "$@"; do
		# shellcheck disable=SC2086
		mkformat "$_dir/formats" $_line
	done
	echo none >"$_dir/incoming/state"
	echo 0 >"$_dir/incoming/liveupdate_boot"
	echo 0 >"$_dir/incoming/update_number"
}

# mkcomponent SYS NAME KIND RESULT: a handed-over format in sysfs root SYS.
mkcomponent()
{
	_c=$1/kernel/liveupdate/incoming/components/$2
	mkdir -p "$_c"
	echo "$3" >"$_c/kind"
	echo "$4" >"$_c/result"
}

# selection DIR: the selected version of each format in DIR (a sysfs
# root), to compare before and after.
selection()
{
	for _f in "$1"/kernel/liveupdate/formats/*/; do
		echo "$(basename "$_f") $(cat "$_f/selected")"
	done
}

# --- the daemon on a fake kernel ----------------------------------------

F=$T/fake
S=$T/luod.sock
V=$T/sys-run/kernel/liveupdate/formats
export FAKELUO_DIR="$F"
mkdir -p "$F"

# start_daemon SYSFS [VAR=VALUE...] [-- DAEMON-OPTIONS...]: run "luod
# daemon" with the fake kernel and VARs, on a copy of SYSFS whose
# formats ($V) the fake kernel keeps, on socket $S (a socket left
# by a previous daemon is replaced). $NOFILE, if set, is its fd limit.
start_daemon()
{
	rm -rf "$T/sys-run"
	cp -r "$1" "$T/sys-run"
	shift
	_env=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_env="$_env $1"
		shift
	done
	[ "${1:-}" = -- ] && shift
	# shellcheck disable=SC2086
	(
		[ -n "${NOFILE:-}" ] && ulimit -n "$NOFILE"
		exec env LD_PRELOAD="$FAKELUO" \
			ASAN_OPTIONS=verify_asan_link_order=0:exitcode=99 \
			FAKELUO_VERSIONS="$V" $_env \
			"$LUOD" --sysfs "$T/sys-run" daemon --socket "$S" "$@" \
			2>>"$T/daemon.log"
	) &
	DAEMON=$!
	_i=0
	until "$LUOD" --socket "$S" client status >/dev/null 2>&1 ||
	      [ $_i -eq 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}

# stop_daemon: SIGTERM, and it must exit cleanly (no sanitizer report).
stop_daemon()
{
	kill "$DAEMON"
	wait "$DAEMON"
	rc=$?
	DAEMON=
	want_rc 0
}

# wait_reboot: the daemon is gone with the kexec reboot (within 5 s).
wait_reboot()
{
	_i=0
	while kill -0 "$DAEMON" 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	kill -KILL "$DAEMON" 2>/dev/null
	wait "$DAEMON"
	rc=$?
	DAEMON=
	want_rc 0
}

# wait_for FILE RE: until a line of FILE matches RE (10 s at most).
wait_for()
{
	_i=0
	until grep -q -- "$2" "$1" 2>/dev/null || [ $_i -eq 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	want_log "$1" "$2"
}

client() { luod --socket "$S" client "$@"; }
# raw ARGS...: tests/rawclient.c on the daemon's socket.
raw() { "$RAWCLIENT" "$S" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
# fake_luod VAR=VALUE... LUOD_ARGS...: luod on the fake kernel, no daemon.
fake_luod()
{
	env LD_PRELOAD="$FAKELUO" ASAN_OPTIONS=verify_asan_link_order=0 "$@" \
		>"$T/out" 2>"$T/err"
	rc=$?
}
# kernel_log: what the fake kernel saw, but the opens and accepts.
kernel_log() { grep -v -e '^open$' -e '^accept4: ' "$F/log"; }
fresh() { rm -rf "$F" && mkdir -p "$F"; }
