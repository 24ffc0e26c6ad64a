# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# The formats a next kernel reads through its modules: synthetic .ko
# files (a section .liveupdate_versions.entries of bare entries, and a
# .modinfo) found in a modules directory, compressed or not; check and
# update relying on them; the kernel's own verdict before the reboot.

# mkko FILE NAME ENTRY...: a module NAME listing ENTRY... (mkimage's).
mkko()
{
	_ko=$1 _mod=$2
	shift 2
	"$MKIMAGE" blob -H "$@" >"$T/ko.blob" &&
	printf 'license=GPL\0name=%s\0' "$_mod" >"$T/ko.modinfo" &&
	objcopy --add-section .liveupdate_versions.entries="$T/ko.blob" \
		--add-section .modinfo="$T/ko.modinfo" "$T/base.o" "$_ko"
}

# A next kernel whose vmlinux has no test handler: a module has it.
mkvmlinux modk vlu-kho-v1:core:rw vlu-luo-v1:core:rw vlu-memfd-v2:file:rw
mkbz modk zstd || exit 2
cp "$T/modk.zstd.bz" "$T/modk.bz"
M=$T/modules/6.12.0-test
mkdir -p "$M/kernel/lib" "$M/extra"
mkko "$M/kernel/lib/luo-test.ko" luo_test vlu-test-v2:file:rw vlu-test-v3:file:rw
mkko "$M/extra/other.ko" other vlu-other-v1:file:rw
xz -k --check=crc32 "$M/extra/other.ko" && rm "$M/extra/other.ko"
cp "$T/base.o" "$M/extra/plain.ko"

luod versions --modules "$M" "$T/modk.vmlinux"
want_rc 0
want_out '^vlu-test-v2   *file  rw    luo_test$'
want_out '^vlu-other-v1  *file  rw    other$'
ok "versions IMAGE --modules: each format with the module that lists it"
luod -j versions --modules "$M" "$T/modk.bz"
want_json '.modules == "'"$M"'" and
	([.entries[] | select(.provider != "vmlinux") | [.compatible, .provider]] |
	 sort) == [["vlu-other-v1", "other"], ["vlu-test-v2", "luo_test"],
		   ["vlu-test-v3", "luo_test"]]'
ok "... in JSON; an .xz module, and one without formats"
for c in zstd gzip; do
	rm -rf "$T/mz" && mkdir -p "$T/mz"
	mkko "$T/mz/m.ko" m vlu-x-v1:file:rw
	$c -q "$T/mz/m.ko" && rm -f "$T/mz/m.ko"
	luod -j versions --modules "$T/mz" "$T/modk.vmlinux"
	want_json '[.entries[] | select(.provider == "m")] | length == 1'
	ok "a .ko.$(echo $c | sed 's/zstd/zst/;s/gzip/gz/') module"
done

mkdir -p "$T/mbad"
mkko "$T/mbad/bad.ko" bad vlu-bad:file:rw::vlu-bad:1
luod versions --modules "$T/mbad" "$T/modk.vmlinux"
want_bad "mbad/bad.ko: section .liveupdate_versions.entries: entry 0: vlu-bad: malformed"
ok "a module with a malformed entry: an error that names it"
mkko "$T/mbad/bad.ko" bad vlu-memfd-v2:file:rw
luod versions --modules "$T/mbad" "$T/modk.vmlinux"
want_bad "vlu-memfd-v2: listed twice"
ok "a module listing a format vmlinux lists: refused"
luod versions --modules "$T/nowhere" "$T/modk.vmlinux"
want_bad "--modules .*nowhere: not a directory"
ok "--modules names no directory: an error"
luod versions --modules "$M"
want_bad "versions: --modules is for an IMAGE"
ok "--modules without an IMAGE"

# Negotiation: a format found in no vmlinux and no module cannot be read.
mksys mod vlu-kho-v1\ core\ rw\ 1 vlu-luo-v1\ core\ rw\ 1 \
	"vlu-memfd-v2 file rw 1" "vlu-test-v2 file rw 1 provider=luo_test"
export LUOD_SOCKET="$T/no-daemon.sock"
luod --sysfs "$T/sys-mod" check --type vlu-test --modules "$M" "$T/modk.bz"
want_rc 0
want_out "^vlu-test   *file  v2 (newest common version; read by module luo_test)$"
ok "check --modules: a type the next kernel reads through a module"
luod --sysfs "$T/sys-mod" -j check --type vlu-test "$T/modk.bz"
want_rc 1
want_json '(.types[] | select(.type == "vlu-test")) | .rule == "no common version"
	and (.reason | test("modk.bz does not know it"))'
ok "... without its modules: cannot read"
unset LUOD_SOCKET

# update: DECLARE_NEXT of the module formats relied on, after loading
# the kernel; then the kernel's own verdict, which wins.
fresh
start_daemon "$T/sys-mod"
client preserve cache 1 --type vlu-test "$T/cachefile"
luod --socket "$S" update --cmdline x --modules "$M" "$T/modk.bz"
want_rc 0
wait_reboot
cat >"$T/log.expected" <<EOF2
create_session cache
preserve cache 1 $T/cachefile vlu-test-v2
create_session luod
preserve luod 0 /memfd:luod-manifest vlu-memfd-v2
kexec_file_load /memfd:luod-image sealed $(wc -c <"$T/modk.bz") bytes initrd=none cmdline=x flags=4
declare_next luo_test vlu-test-v2
check_next: ok
EOF2
kernel_log | grep -v "^handed over\|^reboot" >"$T/log.seen"
want cmp -s "$T/log.seen" "$T/log.expected"
ok "update: the module formats relied on declared after the load, then the kernel's verdict"

fresh
start_daemon "$T/sys-mod" FAKELUO_CHECK_NEXT=vlu-test-v2:luo_test-not-declared
client preserve cache 1 --type vlu-test "$T/cachefile"
luod --socket "$S" -j update --cmdline x --modules "$M" "$T/modk.bz"
want_rc 1
want_json '.state == "failed" and .reason == "the running kernel'"'"'s own verdict: vlu-test-v2:luo_test-not-declared (luod found the formats compatible; the running kernel refuses the kexec)"'
want [ "$(kernel_log | tail -3 | tr "\n" ";")" = "declare_next luo_test vlu-test-v2;check_next: refused;kexec_file_load unload;" ]
ok "update: the kernel disagrees: refused with its reason, undone"
client -j status
want_json '.held | length == 1'
stop_daemon
ok "the daemon exits cleanly, still holding the file"
