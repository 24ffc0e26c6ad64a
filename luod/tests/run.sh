#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Command tests of luod, no kernel needed: synthetic vmlinux and bzImage
# files (gzip, xz, lzma, zstd payloads) made here, deliberately broken
# images, fake sysfs trees, the JSON schemas, and the daemon's whole
# update flow against a fake /dev/liveupdate (tests/fakeluo.c, preloaded).
#
# Environment: LUOD, MKIMAGE, RAWCLIENT, FAKELUO (set by "make check"),
# and optionally LUOD_TEST_IMAGES=DIR with DIR/<variant>/vmlinux and
# DIR/<variant>/arch/x86/boot/bzImage of real kernels.

set -u
: "${LUOD:?} ${MKIMAGE:?} ${RAWCLIENT:?} ${FAKELUO:?}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:exitcode=98
unset LUOD_SYSFS LUOD_SOCKET

T=$(mktemp -d)
DAEMON=
cleanup()
{
	[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
pass=0
failed=0

# luod ARGS...: run luod, output in $T/out and $T/err, status in $rc.
luod()
{
	"$LUOD" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# check NAME COMMAND...: a test passes when COMMAND succeeds.
check()
{
	name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
		echo "ok - $name"
	else
		failed=$((failed + 1))
		echo "not ok - $name (exit status $rc)"
		sed 's/^/#   out: /' "$T/out" | head -20
		sed 's/^/#   err: /' "$T/err" | head -20
	fi
}

is() { [ "$rc" -eq "$1" ]; }
has() { grep -q -- "$1" "$T/out"; }
err_has() { grep -q -- "$1" "$T/err"; }
jq_ok() { [ -s "$T/out" ] && jq -e "$1" "$T/out" >/dev/null 2>&1; }
# An input error: exit 2, a "luod: error:" line with TEXT, no crash.
bad() { is 2 && err_has "^luod: error: .*$1"; }

# --- synthetic images -------------------------------------------------

printf 'int liveupdate_test_symbol;\n' >"$T/base.c"
cc -c -o "$T/base.o" "$T/base.c" || exit 2

# mkvmlinux NAME ENTRY...: an ELF with a versions section.
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

mkvmlinux old kho-v1:core:rw luo-v1:core:rw memfd-v1:file:rw
mkvmlinux new kho-v1:core:rw luo-v1:core:rw memfd-v1:file:rw \
	memfd-v2:file:rw
mkvmlinux next kho-v1:core:rw luo-v1:core:rw memfd-v2:file:rw
for v in old new next; do
	for c in gzip xz lzma zstd; do
		mkbz $v $c || exit 2
	done
	cp "$T/$v.zstd.bz" "$T/$v.bz"
done

luod versions "$T/old.vmlinux"
check "versions of a vmlinux" \
	eval 'is 0 && has "^memfd-v1  *file  *rw$" && [ $(wc -l <"$T/out") -eq 4 ]'

luod -j versions "$T/new.vmlinux"
jq -c .entries "$T/out" >"$T/ref" 2>/dev/null
check "versions --json of a vmlinux" \
	jq_ok '.source == "image" and .format == "elf" and .compression == null
	and (.entries | length) == 4
	and .entries[3] == {"compatible": "memfd-v2", "type": "memfd",
		"version": 2, "kind": "file", "read": true, "write": true,
		"selected": null}'

for c in gzip xz lzma zstd; do
	luod --json versions "$T/new.$c.bz"
	check "bzImage with a $c payload gives the vmlinux's table" \
		eval 'is 0 && jq_ok ".format == \"bzImage\" and .compression == \"$c\"" &&
		jq -c .entries "$T/out" | cmp -s - "$T/ref"'
done

zstd -q -c "$T/new.vmlinux" >"$T/new.vmlinux.zst"
luod -j versions "$T/new.vmlinux.zst"
check "a bare compressed ELF (vmlinux.bin.zst)" \
	eval 'is 0 && jq_ok ".format == \"compressed\"" &&
	jq -c .entries "$T/out" | cmp -s - "$T/ref"'

cp "$T/new.xz.bz" "$T/kernel.gz"
luod versions "$T/kernel.gz"
check "compression told by content, not by name" eval 'is 0 && has memfd-v2'

luod versions -p "$T/old.vmlinux"
check "--pretty after the command" eval 'is 0 && has "^  \"entries\": \\["'

# --- broken images ----------------------------------------------------

luod versions "$T/base.o"
check "ELF without the section" bad "no .liveupdate_versions section"

luod versions "$T/nonexistent"
check "missing file" bad "No such file or directory"

: >"$T/empty"
luod versions "$T/empty"
check "empty file" bad "empty file"

head -c 5000 /dev/urandom | tr '\177' x >"$T/junk"
printf 'JUNK' | dd of="$T/junk" conv=notrunc 2>/dev/null
luod versions "$T/junk"
check "not a kernel image" bad "not a kernel image"

luod versions "$T"
check "a directory" bad "not a regular file"

for spec in "-m 0x12345678:bad magic 0x12345678" \
	    "-f 2:unknown format 2" \
	    "-e 40:entry size 40 is smaller than 56" \
	    "-c 100:100 entries of 56 bytes do not fit"; do
	opt=${spec%%:*}
	msg=${spec#*:}
	# shellcheck disable=SC2086
	mkvmlinux broken $opt kho-v1:core:rw memfd-v1:file:rw
	luod versions "$T/broken.vmlinux"
	check "section: $msg" bad "$msg"
	mkbz broken zstd
	luod versions "$T/broken.zstd.bz"
	check "section in a bzImage: $msg" bad "$msg"
done

mkvmlinux broken -e 64 kho-v1:core:rw memfd-v1:file:rw
luod -j versions "$T/broken.vmlinux"
check "a larger entry size is accepted" \
	eval 'is 0 && jq_ok "(.entries | length) == 2"'

mkvmlinux broken kho-v1:core:rw memfd-v1:9:rw
luod versions "$T/broken.vmlinux"
check "section: unknown kind" bad "entry 1: memfd-v1: unknown kind 9"

mkvmlinux broken kho-v1:core:rw memfd:file:rw
luod versions "$T/broken.vmlinux"
check "section: compatible without a version" bad 'not "<type>-v<N>"'

head -c $(($(wc -c <"$T/new.zstd.bz") - 300)) "$T/new.zstd.bz" >"$T/trunc.bz"
luod versions "$T/trunc.bz"
check "truncated bzImage" bad "extends past the end of the file"

head -c $(($(wc -c <"$T/new.vmlinux") / 2)) "$T/new.vmlinux" >"$T/trunc.vmlinux"
luod versions "$T/trunc.vmlinux"
check "truncated vmlinux" is 2

for c in gzip xz zstd; do
	case $c in
	gzip) gzip -9 -n -c "$T/new.vmlinux" ;;
	xz) xz --check=crc32 -c "$T/new.vmlinux" ;;
	zstd) zstd -q -19 -c "$T/new.vmlinux" ;;
	esac >"$T/p.full"
	n=$(wc -c <"$T/p.full")
	size=$(wc -c <"$T/new.vmlinux")
	head -c $((n / 2)) "$T/p.full" >"$T/p"
	"$MKIMAGE" bzimage -s "$size" "$T/p" >"$T/cut.bz"
	luod versions "$T/cut.bz"
	check "$c payload cut short" bad "$c: payload is"
	cp "$T/p.full" "$T/p"
	printf 'garbagegarbagegarbage' |
		dd of="$T/p" bs=1 seek=$((n / 3)) conv=notrunc 2>/dev/null
	"$MKIMAGE" bzimage -s "$size" "$T/p" >"$T/corrupt.bz"
	luod versions "$T/corrupt.bz"
	check "$c payload corrupt" bad "$c: payload is corrupt"
done

head -c 4000 /dev/urandom | tr '\037\375\050\135\102\211\002' 'aaaaaaa' >"$T/p"
"$MKIMAGE" bzimage "$T/p" >"$T/nocomp.bz"
luod versions "$T/nocomp.bz"
check "payload without a compression magic" bad "no known compression magic"

printf '\002\041\114\030rest' >"$T/p"
"$MKIMAGE" bzimage "$T/p" >"$T/lz4.bz"
luod versions "$T/lz4.bz"
check "an lz4 payload is reported as unsupported" bad "lz4 payloads are not supported"

head -c 1000 /dev/zero | gzip -c >"$T/p"
"$MKIMAGE" bzimage "$T/p" >"$T/notelf.bz"
luod versions "$T/notelf.bz"
check "payload that is not an ELF" bad "decompressed gzip payload is not an ELF"

"$MKIMAGE" bzimage -v 0x0206 "$T/p" >"$T/oldproto.bz"
luod versions "$T/oldproto.bz"
check "boot protocol too old" bad "boot protocol 2.06"

"$MKIMAGE" bzimage -l 0xffffff00 "$T/p" >"$T/len.bz"
luod versions "$T/len.bz"
check "payload_length past the end" bad "extends past the end"

# Decompression bombs: a kernel is 20 to 40 MiB, luod stops at 256.
zstd -q -c "$T/new.vmlinux" >"$T/p"
"$MKIMAGE" bzimage -s $((300 << 20)) "$T/p" >"$T/big.bz"
luod versions "$T/big.bz"
check "a payload that declares 300 MiB is refused at once" \
	bad "zstd payload declares 300 MiB decompressed, more than 256 MiB"

head -c 300M /dev/zero | zstd -q -1 >"$T/p"
"$MKIMAGE" bzimage -s 1000000 "$T/p" >"$T/bomb.bz"
luod versions "$T/bomb.bz"
check "a payload that decompresses to more than 256 MiB, whatever it declares" \
	bad "payload decompresses to more than 256 MiB"

# A .lzma header asking for a 1 GiB dictionary.
lzma -c "$T/new.vmlinux" >"$T/p"
printf '\000\000\000\100' | dd of="$T/p" bs=1 seek=1 conv=notrunc 2>/dev/null
"$MKIMAGE" bzimage "$T/p" >"$T/dict.bz"
luod versions "$T/dict.bz"
check "liblzma's memory limit" \
	bad "lzma: decoding the payload needs more than 256 MiB of memory"

# sweep FILE [TAIL]: cut FILE at many points before its last TAIL bytes
# (the bzImage's code after the payload): always exit 2, never a crash.
sweep()
{
	_size=$(($(wc -c <"$1") - ${2:-0}))
	_step=$((_size / 60 + 1))
	_off=0
	while [ $_off -lt "$_size" ]; do
		head -c $_off "$1" >"$T/cut"
		"$LUOD" versions "$T/cut" >/dev/null 2>"$T/err"
		_r=$?
		if [ $_r -ne 2 ]; then
			echo "# $1 cut at $_off: exit $_r"
			return 1
		fi
		_off=$((_off + _step))
	done
}
rc=0
check "truncations of new.vmlinux all exit 2" sweep "$T/new.vmlinux"
for c in gzip xz lzma zstd; do
	check "truncations of new.$c.bz all exit 2" sweep "$T/new.$c.bz" 256
done

# --- the running kernel: fake sysfs trees -----------------------------

# mksys NAME LINE...: a fake sysfs root with a versions file.
mksys()
{
	_dir=$T/sys-$1/kernel/liveupdate
	shift
	mkdir -p "$_dir/incoming"
	: >"$_dir/versions"
	for _line in "$@"; do
		echo "$_line" >>"$_dir/versions"
	done
	echo 0 >"$_dir/incoming/liveupdate_boot"
	echo 0 >"$_dir/incoming/update_number"
	: >"$_dir/incoming/components"
}
mksys old "kho-v1 core rw 1" "luo-v1 core rw 1" "memfd-v1 file rw 1"
mksys new "kho-v1 core rw 1" "luo-v1 core rw 1" "memfd-v1 file rw 0" \
	"memfd-v2 file rw 1"
mksys bad "kho-v1 core rw 1" "memfd-v1 file rx 1"

luod --sysfs "$T/sys-old" versions
check "versions of the running kernel" \
	eval 'is 0 && has "^COMPATIBLE  KIND  CAPS  SELECTED$" && has "^memfd-v1  *file  *rw    yes$"'

LUOD_SYSFS=$T/sys-new luod -j versions
check "LUOD_SYSFS, and selected in JSON" \
	jq_ok '.source == "running" and .image == null and
	([.entries[] | select(.selected) | .compatible] == ["kho-v1", "luo-v1", "memfd-v2"])'

luod --sysfs "$T/sys-bad" versions
check "malformed sysfs line" bad 'versions:2: unknown caps "rx"'

luod --sysfs "$T/nowhere" versions
check "no sysfs versions file" bad "a kernel without live update support"

# Negotiation: old -> new picks v1, old -> next has none.
luod --sysfs "$T/sys-old" check --all "$T/new.bz"
check "check old -> new: memfd v1" \
	eval 'is 0 && has "^memfd  file  v1$" && has "compatible$"'

luod --sysfs "$T/sys-old" -j check --all "$T/new.bz"
check "check --json old -> new" \
	jq_ok '.compatible and .from == "running" and
	(.types[] | select(.type == "memfd")) == {"type": "memfd",
		"kind": "file", "verdict": "ok", "version": 1, "selected": 1,
		"writes": [1], "reads": [1, 2], "reason": null}'

luod --sysfs "$T/sys-old" check --all "$T/next.bz"
check "check old -> next: refused with the reason" \
	eval 'is 1 && has "memfd  file  refused: no common version: running writes v1, .*next.bz reads v2" && has "not compatible$"'

luod --sysfs "$T/sys-old" check "$T/next.bz"
check "check without files in use: only the core formats" \
	eval 'is 0 && ! has memfd && has "^kho "'

luod --sysfs "$T/sys-old" -j check --type memfd "$T/next.bz"
check "check --type memfd --json old -> next" \
	jq_ok '.compatible == false and
	(.types[] | select(.type == "memfd") | .verdict == "refused" and
	 .version == null and (.reason | test("running writes v1")))'

luod --sysfs "$T/sys-new" check --all "$T/next.bz"
check "check new -> next: v2, selection unchanged" \
	eval 'is 0 && has "^memfd  file  v2$"'

luod --sysfs "$T/sys-new" check --all "$T/old.bz"
check "check new -> old (rollback): v1, selected now v2" \
	eval 'is 0 && has "^memfd  file  v1 (selected now: v2)$"'

luod --sysfs "$T/sys-old" check "$T/base.o"
check "check with a broken image" bad "no .liveupdate_versions section"

luod -j --sysfs "$T/sys-old" check "$T/base.o"
check "errors in JSON" \
	eval 'is 2 && jq_ok "keys == [\"error\"] and (.error | test(\"no .liveupdate_versions\"))"'

# --- matrix -----------------------------------------------------------

luod matrix old="$T/old.gzip.bz" new="$T/new.xz.bz" next="$T/next.vmlinux"
check "matrix table" \
	eval 'is 0 && has "^old      yes      yes      no$" &&
	has "^new      yes      yes      yes$" &&
	has "^next     no       yes      yes$" &&
	has "^new -> next: kho-v1 luo-v1 memfd-v2$" &&
	has "^old -> next: memfd refused (no common version: old writes v1, next reads v2);$"'

luod -j matrix old="$T/old.bz" new="$T/new.bz" next="$T/next.bz"
check "matrix --json" \
	jq_ok '(.images | map(.name)) == ["old", "new", "next"] and
	(.pairs | length) == 9 and
	([.pairs[] | select(.compatible | not) | [.from, .to]] ==
	 [["old", "next"], ["next", "old"]]) and
	(.pairs[] | select(.from == "old" and .to == "new") |
	 .types[] | select(.type == "memfd") | .version) == 1 and
	(.pairs[] | select(.from == "next" and .to == "new") |
	 .types[] | select(.type == "memfd") | .version) == 2'

luod matrix "$T/old.bz" "$T/junk"
check "matrix with a broken image" bad "not a kernel image"

# --- incoming ---------------------------------------------------------

d=$T/sys-new/kernel/liveupdate/incoming
echo 1 >"$d/liveupdate_boot"
echo 3 >"$d/update_number"
printf 'kho-v1 ok\nluo-v1 ok\nmemfd-v1 unsupported\n' >"$d/components"
luod --sysfs "$T/sys-new" -j incoming
check "incoming --json" \
	jq_ok '.liveupdate_boot and .update_number == 3 and
	.components[2] == {"compatible": "memfd-v1", "result": "unsupported"}'
echo 0 >"$d/liveupdate_boot"

# --- usage ------------------------------------------------------------

luod
check "no command" eval 'is 2 && err_has "missing command"'
luod frobnicate
check "unknown command" eval "is 2 && err_has \"invalid command 'frobnicate'\""
luod check
check "check without an image" eval 'is 2 && err_has "give one IMAGE"'
luod versions --frob
check "unknown option" eval "is 2 && err_has \"unknown option '--frob'\""
luod check --type
check "missing option argument" eval 'is 2 && err_has "needs an argument"'
luod check --help
check "command help" eval 'is 0 && has "^usage: luod check"'
luod help
check "help lists every command" \
	eval 'is 0 && for c in versions check matrix update incoming daemon client; do has "^  $c" || return 1; done'
luod -V
check "version" eval 'is 0 && has "^luod "'

# --- update without a daemon ------------------------------------------

export LUOD_SOCKET="$T/no-daemon.sock"
luod --sysfs "$T/sys-new" update --dry-run --cmdline "console=ttyS0" "$T/old.bz"
check "update --dry-run without a daemon" \
	eval 'is 0 && has "update ready (dry run" && has "cmdline \"console=ttyS0\"" &&
	err_has "no daemon at"'

luod --sysfs "$T/sys-new" update --dry-run "$T/old.vmlinux"
check "update needs a bzImage" bad "not a bzImage"

printf 'optional thing memfd\n' >"$T/policy.bad"
luod --sysfs "$T/sys-new" update --dry-run --policy "$T/policy.bad" "$T/old.bz"
check "bad policy" bad 'policy.bad:1: "thing" is neither type nor session'
unset LUOD_SOCKET

# --- the daemon and a whole update, against a fake kernel -------------

F=$T/fake
S=$T/luod.sock
V=$T/sys-run/kernel/liveupdate/versions
mkdir -p "$F"
export FAKELUO_DIR="$F"
# The daemon's kernel also has "test", the fake kernel's type of the
# files that are not memfds.
mksys daemon "kho-v1 core rw 1" "luo-v1 core rw 1" "memfd-v1 file rw 0" \
	"memfd-v2 file rw 1" "test-v1 file rw 1"
mkvmlinux two kho-v1:core:rw luo-v1:core:rw memfd-v1:file:rw test-v1:file:rw
mkbz two zstd || exit 2

# start_daemon SYSFS [VAR=VALUE...]: run "luod daemon" with the fake
# kernel and VARs, on a copy of SYSFS whose versions file ($V) the fake
# kernel keeps. A socket left by a previous daemon is replaced.
start_daemon()
{
	rm -rf "$T/sys-run"
	cp -r "$1" "$T/sys-run"
	shift
	env LD_PRELOAD="$FAKELUO" ASAN_OPTIONS=verify_asan_link_order=0:exitcode=99 \
		FAKELUO_VERSIONS="$V" "$@" \
		"$LUOD" --sysfs "$T/sys-run" daemon --socket "$S" 2>>"$T/daemon.log" &
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
	is 0
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
	is 0
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
# kernel_log: what the fake kernel saw, but the opens.
kernel_log() { grep -v '^open$' "$F/log"; }
fresh() { rm -rf "$F" && mkdir -p "$F"; }

start_daemon "$T/sys-daemon"
head -c 300000 /dev/urandom >"$T/data1"
head -c 100000 /dev/urandom >"$T/data2"
head -c 5000 /dev/urandom >"$T/data3"
echo "cache" >"$T/cachefile"

client preserve vm 1 --memfd <"$T/data1"
check "client preserve --memfd" is 0
client -j preserve vm 2 --memfd <"$T/data2"
check "client preserve --json" \
	jq_ok '. == {"session": "vm", "token": 2, "type": "memfd"}'
client preserve db 1 --memfd <"$T/data3"
check "client preserve, another session" is 0
client preserve vm 1 --memfd </dev/null
check "the same token twice" eval 'is 1 && err_has "already has token 1"'
client preserve cache 1 "$T/cachefile"
check "a file of unknown type" eval 'is 2 && err_has "cannot tell the type"'
client preserve cache 1 --type test "$T/cachefile"
check "a file with an explicit type" is 0
client preserve cache 2 --memfd </dev/null
client preserve luod 1 --memfd </dev/null
check "session luod is reserved" eval 'is 2 && err_has "bad session name"'

# What a client says about its file is checked.
client preserve x 1 --type memfd "$T/data1"
check "a declared memfd that is not one" eval 'is 2 && err_has "data1 is not a memfd"'
client preserve x 1 --type bogus "$T/data1"
check "a type the running kernel does not have" \
	eval 'is 1 && err_has "the running kernel has no file type \"bogus\""'
client preserve x 1 --type kho "$T/data1"
check "a type that is not a file type" eval 'is 1 && err_has "no file type \"kho\""'
client preserve x 1 --type test "$T/cachefile"
check "the same file twice" \
	eval 'is 1 && err_has "the file is held already, as session cache token 1"'
raw -p "$T/data1" preserve session=x token=1 type=test
check "an O_PATH descriptor" eval 'has "^errno=EBADF$" && has "^exit=2$"'

# The protocol: a malformed message gets an error, then the connection
# is closed; every verb refuses fields it does not take.
raw -c -f /dev/null -f /dev/null -f /dev/null -f /dev/null -f /dev/null status
check "a message with more than 4 fds" \
	eval 'has "^error$" && has "^exit=2$" && has "^errno=EINVAL$" &&
	has "more than 4 descriptors" && has "(end of connection)"'
raw -c -u status
check "a message that is not NUL-terminated" \
	eval 'has "^error$" && has "not NUL-terminated" && has "(end of connection)"'
raw -c
check "an empty message" \
	eval 'has "^error$" && has "^message=empty message$" && has "(end of connection)"'
raw status verbose=1
check "an unknown field" eval 'has "^error$" && has "status: unknown field \"verbose\""'
raw types x=1
check "types takes no fields" eval 'has "^error$" && has "unknown field \"x\""'
raw drop session=a session=b
check "a field given twice" eval 'has "^error$" && has "field \"session\" given twice"'
raw status json=yes
check "a boolean field takes 0 or 1" eval 'has "^error$" && has "takes 0 or 1, not \"yes\""'
raw status json=0
check "json=0 is false" eval 'has "^ok$" && has "^output=held for the next update"'
raw status json
check "a field that is not key=value" eval 'has "^error$" && has "\"json\" is not key=value"'
raw -f /dev/null status
check "descriptors to a request that takes none" \
	eval 'has "^error$" && has "status takes no descriptors"'

# Idle connections do not lock the others out: the oldest goes.
"$RAWCLIENT" "$S" -i 64 >"$T/idle" &
idle=$!
_i=0
until grep -q ready "$T/idle" || [ $_i -eq 100 ]; do
	sleep 0.05
	_i=$((_i + 1))
done
client status
check "64 idle connections and a client more" is 0
kill $idle
wait $idle 2>/dev/null

client preserve scratch 9 --memfd </dev/null
client drop scratch
check "client drop" is 0
client -j status
check "client status --json" \
	jq_ok '(.held | map([.session, .token, .type])) ==
	[["vm", 1, "memfd"], ["vm", 2, "memfd"], ["db", 1, "memfd"],
	 ["cache", 1, "test"], ["cache", 2, "memfd"]] and .incoming == []'

luod --sysfs "$T/sys-daemon" --socket "$S" check "$T/old.bz"
check "check considers the types the daemon holds" \
	eval 'is 1 && has "^test  *file  refused: .*old.bz does not know it"'

luod --socket "$S" update --cmdline x "$T/old.bz"
check "update refused: a mandatory type" \
	eval 'is 1 && has "^cache  *1      test   refused: mandatory: type test" &&
	has "update aborted: session cache token 1"'
check "an aborted update changes nothing" eval '! grep -q . "$F/log" 2>/dev/null'

printf '# the cache can be rebuilt\noptional session cache\n' >"$T/policy"
luod --socket "$S" -j update --dry-run --cmdline x --policy "$T/policy" \
	"$T/old.bz"
check "update --dry-run --json through the daemon" \
	jq_ok '.state == "ready" and .dry_run and .compatible and
	(.files | map(.action)) == ["preserve", "preserve", "preserve", "drop", "drop"] and
	(.files[3].reason | test("optional session cache: type test")) and
	(.types[] | select(.type == "memfd") | .version == 1 and .selected == 2) and
	.kexec == {"initrd": false, "cmdline": "x"}'

printf 'optional type test\n' >"$T/policy.type"
luod --socket "$S" -j update --dry-run --cmdline x --policy "$T/policy.type" \
	"$T/old.bz"
check "policy: an optional type drops its files, not their session" \
	jq_ok '.state == "ready" and
	(.files | map(.action)) == ["preserve", "preserve", "preserve", "drop", "preserve"] and
	(.files[3].reason | test("^optional type test: .*old.bz does not know it"))'

check "the daemon stops on SIGTERM" eval 'stop_daemon && [ ! -S "$S" ]'

# Whenever files go, luod's manifest (a memfd) goes too: check says so.
mksys t "kho-v1 core rw 1" "luo-v1 core rw 1" "memfd-v2 file rw 1" \
	"test-v1 file rw 1"
start_daemon "$T/sys-t"
client preserve cache 1 --type test "$T/cachefile"
luod --sysfs "$T/sys-t" --socket "$S" check "$T/two.zstd.bz"
check "check: held files need the manifest's memfd" \
	eval 'is 1 && has "^test  *file  v1$" &&
	has "^memfd  *file  refused: no common version"'
luod --socket "$S" update --dry-run --cmdline x "$T/two.zstd.bz"
check "update agrees with check" \
	eval 'is 1 && has "update aborted: file memfd: no common version.*manifest is a memfd"'
check "the daemon exits cleanly" stop_daemon

# The image is read once, into a sealed copy: a client truncating it
# while luod parses it cannot kill luod (SIGBUS) ...
fresh
cp "$T/new.zstd.bz" "$T/race.bz"
fake_luod FAKELUO_TRUNCATE_MAPPED="$T/race.bz" "$LUOD" -j versions "$T/race.bz"
check "an image truncated while it is parsed" \
	eval 'is 0 && jq -c .entries "$T/out" | cmp -s - "$T/ref" &&
	grep -q "^truncate /memfd:luod-image: EPERM$" "$F/log" &&
	cmp -s "$T/race.bz" "$T/new.zstd.bz"'
cp "$T/new.zstd.bz" "$T/race.bz"
start_daemon "$T/sys-daemon" FAKELUO_TRUNCATE_MAPPED="$T/race.bz"
luod --socket "$S" update --dry-run --cmdline x "$T/race.bz"
check "an image truncated while the daemon parses it" \
	eval 'is 0 && has "^update ready" && client status &&
	grep -q "^truncate /memfd:luod-image: EPERM$" "$F/log"'
check "the daemon exits cleanly" stop_daemon

# ... and what is loaded is what was negotiated, whatever happens to
# the file meanwhile.
fresh
cp "$T/old.bz" "$T/swap.bz"
start_daemon "$T/sys-daemon" FAKELUO_OVERWRITE="$T/next.gzip.bz:$T/swap.bz"
client preserve vm 1 --memfd <"$T/data1"
luod --socket "$S" update --cmdline x "$T/swap.bz"
check "an image changed after the negotiation" \
	eval 'is 0 && grep -q "^overwrote $T/swap.bz$" "$F/log" &&
	grep -q "^kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/old.bz") bytes " "$F/log"'
check "the daemon is gone with the kexec reboot" wait_reboot

fresh
start_daemon "$T/sys-daemon" FAKELUO_SET_VERSION_ERRNO=16
client preserve vm 1 --memfd <"$T/data1"
luod --socket "$S" update --cmdline x "$T/old.bz"
check "SET_VERSION refused: the update fails and is undone" \
	eval 'is 1 && has "update failed: SET_VERSION memfd v1: EBUSY" &&
	[ "$(kernel_log | tr "\n" ";")" = "set_version memfd 1: EBUSY;" ]'
check "the daemon exits cleanly" stop_daemon

fresh
start_daemon "$T/sys-daemon" FAKELUO_PRESERVE_ERRNO=2
client preserve vm 1 --memfd <"$T/data1"
luod --socket "$S" -j update --cmdline x "$T/old.bz"
check "PRESERVE_FD refused: the version is selected back" \
	eval 'is 1 && jq_ok ".state == \"failed\" and (.reason | test(\"PRESERVE_FD vm token 1: ENOENT\"))" &&
	[ "$(kernel_log | tr "\n" ";")" = "set_version memfd 1;create_session vm;preserve vm 1 /memfd:vm: ENOENT;set_version memfd 2;" ] &&
	cmp -s "$V" "$T/sys-daemon/kernel/liveupdate/versions"'
check "the daemon still holds the file" \
	eval 'client -j status && jq_ok ".held | length == 1"'
check "the daemon exits cleanly" stop_daemon

# kexec_file_load refused: sessions closed, then both types selected back.
fresh
mksys two "kho-v1 core rw 1" "luo-v1 core rw 1" "memfd-v1 file rw 0" \
	"memfd-v2 file rw 1" "test-v1 file rw 0" "test-v2 file rw 1"
start_daemon "$T/sys-two" FAKELUO_KEXEC_ERRNO=8
client preserve vm 1 --memfd <"$T/data1"
client preserve cache 1 --type test "$T/cachefile"
luod --socket "$S" update --cmdline x "$T/two.zstd.bz"
check "kexec_file_load refused: the update fails" \
	eval 'is 1 && has "update failed: kexec_file_load .*two.zstd.bz: ENOEXEC"'
cat >"$T/log.expected" <<EOF2
set_version memfd 1
set_version test 1
create_session vm
preserve vm 1 /memfd:vm memfd-v1
create_session cache
preserve cache 1 $T/cachefile test-v1
create_session luod
preserve luod 0 /memfd:luod-manifest memfd-v1
kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/two.zstd.bz") bytes initrd=none cmdline=x flags=4: ENOEXEC
set_version test 2
set_version memfd 2
EOF2
check "... and undone: both versions selected back" \
	eval 'kernel_log | cmp -s - "$T/log.expected" &&
	cmp -s "$V" "$T/sys-two/kernel/liveupdate/versions"'
check "the daemon exits cleanly" stop_daemon

# The reboot fails: the client hears of it, and everything is undone.
fresh
start_daemon "$T/sys-daemon" FAKELUO_REBOOT_ERRNO=1
client preserve vm 1 --memfd <"$T/data1"
luod --socket "$S" update --cmdline x "$T/old.bz"
check "a failed reboot: exit 1, state failed" \
	eval 'is 1 && has "^update rebooting$" && has "^update failed: reboot: EPERM" &&
	err_has "^luod: error: reboot: EPERM"'
check "a failed reboot is undone" \
	eval '[ "$(kernel_log | tail -3 | tr "\n" ";")" = "reboot: EPERM;kexec_file_load unload;set_version memfd 2;" ] &&
	cmp -s "$V" "$T/sys-daemon/kernel/liveupdate/versions"'
luod --socket "$S" -j update --cmdline x "$T/old.bz"
check "a failed reboot in JSON: the plan, then an error" \
	eval 'is 1 && jq -s -e "length == 2 and .[0].state == \"rebooting\" and
	(.[1].error | test(\"^reboot: EPERM\"))" "$T/out" >/dev/null'
check "the daemon still holds the file" \
	eval 'client -j status && jq_ok ".held | length == 1"'
check "the daemon exits cleanly" stop_daemon

fresh
start_daemon "$T/sys-daemon"
client preserve vm 1 --memfd <"$T/data1"
client preserve vm 2 --memfd <"$T/data2"
client preserve db 1 --memfd <"$T/data3"
client preserve cache 1 --type test "$T/cachefile"
luod --socket "$S" update --cmdline "console=ttyS0 x" \
	--initrd "$T/cachefile" --policy "$T/policy" "$T/old.bz"
check "update through the daemon" eval 'is 0 && has "^update rebooting$"'
check "the daemon is gone with the kexec reboot" wait_reboot
cat >"$T/log.expected" <<EOF2
set_version memfd 1
create_session vm
preserve vm 1 /memfd:vm memfd-v1
preserve vm 2 /memfd:vm memfd-v1
create_session db
preserve db 1 /memfd:db memfd-v1
create_session luod
preserve luod 0 /memfd:luod-manifest memfd-v1
kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/old.bz") bytes initrd=$T/cachefile cmdline=console=ttyS0 x flags=0
handed over vm 1
handed over vm 2
handed over db 1
handed over luod 0
reboot
EOF2
check "the kernel saw: SET_VERSION, sessions, manifest, kexec" \
	eval 'kernel_log | cmp -s - "$T/log.expected"'
check "the manifest" eval 'printf "luod-manifest 1\nfile vm 1 memfd\nfile vm 2 memfd\nfile db 1 memfd\n" | cmp -s - "$F/handover/luod/0"'

# The next boot: db was written in a format this kernel cannot read.
echo 93 >"$F/handover/db/errno"	# EPROTONOSUPPORT
echo 1 >"$T/sys-old/kernel/liveupdate/incoming/liveupdate_boot"
: >"$F/log"
start_daemon "$T/sys-old"
client -j status
check "the next boot: sessions from the manifest" \
	jq_ok '.held == [] and (.incoming | map([.session, .state])) ==
	[["vm", "ready"], ["db", "failed"]] and
	(.incoming[1].error | test("EPROTONOSUPPORT"))'
luod --socket "$S" update --dry-run --cmdline x "$T/new.bz"
check "no update while files handed over are not retrieved" \
	eval 'is 1 && err_has "not retrieved: session vm token 1, session vm token 2; retrieve them" &&
	grep -q "warning: update refused" "$T/daemon.log"'
luod --socket "$S" client retrieve vm 1 -o "$T/back1"
check "retrieve into a file" eval 'is 0 && cmp -s "$T/back1" "$T/data1"'
client retrieve vm 1 -o /dev/full
check "retrieve into a file that cannot be written: exit 2" \
	eval 'is 2 && err_has "No space left on device"'
luod --socket "$S" client retrieve vm 2 -- sh -c 'cat <&3 >"$0"' "$T/back2"
check "retrieve into a command's fd 3" eval 'is 0 && cmp -s "$T/back2" "$T/data2"'
client -j retrieve vm 2
check "retrieve --json" \
	jq_ok '. == {"session": "vm", "token": 2, "type": "memfd", "size": 100000}'
client retrieve vm 7 -o -
check "retrieve an unknown token" eval 'is 1 && err_has "session vm has no token 7"'
client retrieve db 1 -o -
check "retrieve from an unreadable session" \
	eval 'is 1 && err_has "EPROTONOSUPPORT: the previous kernel wrote the session in a format this kernel cannot read"'
client retrieve nope 1 -o -
check "retrieve from an unknown session" eval 'is 1 && err_has "no session nope"'
luod --socket "$S" update --dry-run --cmdline x "$T/new.bz"
check "every file retrieved: an update may go" eval 'is 0 && has "^update ready"'
client finish vm
check "finish" is 0
client retrieve vm 1 -o -
check "retrieve after finish" eval 'is 1 && err_has "session vm is finished"'
check "the kernel saw: luod's session first, then finish" \
	eval 'kernel_log | head -4 | tr "\n" ";" |
	grep -q "^retrieve_session luod;retrieve_fd luod 0;finish luod;retrieve_session vm;"'
check "the daemon exits cleanly after the handover" stop_daemon

start_daemon "$T/sys-old"
check "stopped before files are retrieved: a warning" \
	eval 'stop_daemon && grep -q "warning: never retrieved, released now: session vm token 1, session vm token 2$" "$T/daemon.log"'

start_daemon "$T/sys-old"
client preserve scratch 1 --memfd </dev/null
client preserve scratch 2 --memfd </dev/null
client -j drop scratch
cp "$T/out" "$T/drop.json"
client -j finish vm
check "client finish --json and drop --json" \
	eval 'stop_daemon && jq_ok ". == {\"session\": \"vm\", \"finished\": true}" &&
	[ -s "$T/drop.json" ] &&
	jq -e ". == {\"session\": \"scratch\", \"dropped\": 2}" "$T/drop.json" >/dev/null'

printf 'luod-manifest 1\nfile vm\n' >"$F/handover/luod/0"
start_daemon "$T/sys-old"
client -j status
check "a malformed manifest: logged, nothing taken over" \
	eval 'is 0 && jq_ok ".incoming == []" &&
	grep -q "error: manifest:2: malformed line" "$T/daemon.log"'
check "the daemon exits cleanly" stop_daemon
echo 0 >"$T/sys-old/kernel/liveupdate/incoming/liveupdate_boot"

client status
check "client without a daemon" eval 'is 2 && err_has "cannot reach the daemon"'

: >"$T/notasock"
timeout 5 "$LUOD" --sysfs "$T/sys-new" daemon --socket "$T/notasock" \
	>"$T/out" 2>"$T/err"
rc=$?
check "--socket names a file that is not a socket" \
	eval 'is 1 && err_has "notasock exists and is not a socket" && [ -f "$T/notasock" ]'

fresh
fake_luod "$LUOD" --sysfs "$T/sys-new" --socket "$S" update --cmdline y "$T/next.bz"
check "update without a daemon: core formats only, then kexec" \
	eval 'is 0 && has "^update rebooting$" &&
	[ "$(kernel_log | tr "\n" ";")" = "kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/next.bz") bytes initrd=none cmdline=y flags=4;reboot;" ]'

fresh
fake_luod FAKELUO_REBOOT_ERRNO=1 "$LUOD" --sysfs "$T/sys-new" --socket "$S" \
	update --cmdline y "$T/next.bz"
check "update without a daemon, the reboot fails: exit 1, state failed" \
	eval 'is 1 && has "^update rebooting$" && has "^update failed: reboot: EPERM" &&
	err_has "^luod: error: reboot: EPERM" &&
	[ "$(kernel_log | tail -2 | tr "\n" ";")" = "reboot: EPERM;kexec_file_load unload;" ]'
fake_luod FAKELUO_REBOOT_ERRNO=1 "$LUOD" -j --sysfs "$T/sys-new" --socket "$S" \
	update --cmdline y "$T/next.bz"
check "... in JSON: the plan, then an error" \
	eval 'is 1 && jq -s -e "length == 2 and .[0].state == \"rebooting\" and
	(.[1].error | test(\"^reboot: EPERM\"))" "$T/out" >/dev/null'

# --- real kernel images -------------------------------------------------

if [ ! -d "${LUOD_TEST_IMAGES:-}" ]; then
	echo "# no LUOD_TEST_IMAGES directory (make check uses ../build/luod-images): skipping real kernel images"
else
	for d in "$LUOD_TEST_IMAGES"/*/; do
		v=$(basename "$d")
		if [ ! -f "$d/vmlinux" ] || [ ! -f "$d/arch/x86/boot/bzImage" ]; then
			echo "# $v: no vmlinux and bzImage pair, skipped"
			continue
		fi
		"$LUOD" -j versions "$d/vmlinux" >"$T/a" 2>&1
		ra=$?
		"$LUOD" -j versions "$d/arch/x86/boot/bzImage" >"$T/b" 2>&1
		rb=$?
		rc=$ra
		check "$v: vmlinux and bzImage give the same table" \
			eval '[ $ra -eq 0 ] && [ $rb -eq 0 ] &&
			[ "$(jq -c .entries "$T/a")" = "$(jq -c .entries "$T/b")" ]'
	done
fi

echo "luod: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
