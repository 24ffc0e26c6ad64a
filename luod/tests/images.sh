# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Reading images: synthetic vmlinux and bzImage files (gzip, xz, lzma,
# zstd payloads), then every documented way of breaking them, bombs and
# crafted sizes included. Makes $T/{old,new,next}.* for the later files.

# The three kernels of the tests, as their sections list them: memfds, a
# test handler and the FLB its files need.
FLB=vlu-test-flb
mkvmlinux old vlu-kho-v1:core:rw vlu-luo-v1:core:rw vlu-memfd-v1:file:rw \
	vlu-test-v1:file:rw:$FLB $FLB-v1:flb:rw
mkvmlinux new vlu-kho-v1:core:rw vlu-luo-v1:core:rw vlu-memfd-v1:file:rw \
	vlu-memfd-v2:file:rw vlu-test-v1:file:rw:$FLB vlu-test-v2:file:rw:$FLB \
	$FLB-v1:flb:rw $FLB-v2:flb:rw
mkvmlinux next vlu-kho-v1:core:rw vlu-luo-v1:core:rw vlu-memfd-v2:file:rw \
	vlu-test-v2:file:rw:$FLB vlu-test-v3:file:rw:$FLB $FLB-v3:flb:rw
for v in old new next; do
	for c in gzip xz lzma zstd; do
		mkbz $v $c || exit 2
	done
	cp "$T/$v.zstd.bz" "$T/$v.bz"
done

luod versions "$T/old.vmlinux"
want_rc 0
want_out '^COMPATIBLE       KIND  CAPS  PROVIDER  FLB-DEPS$'
want_out '^vlu-memfd-v1     file  rw    vmlinux$'
want_out '^vlu-test-v1      file  rw    vmlinux   vlu-test-flb$'
want_lines 6
ok "versions of a vmlinux"

luod -j versions "$T/new.vmlinux"
jq -c .entries "$T/out" >"$T/ref" 2>/dev/null
want_json '.source == "image" and .format == "elf" and .compression == null
	and .section and .section_format == 2 and .rule == null
	and (.entries | length) == 8
	and .entries[3] == {"compatible": "vlu-memfd-v2", "type": "vlu-memfd",
		"version": 2, "kind": "file", "read": true, "write": true,
		"selected": null, "listed_read": true, "listed_write": true,
		"registered": null, "provider": "vmlinux", "flb_deps": []}
	and .entries[5].flb_deps == ["vlu-test-flb"]'
ok "versions --json of a vmlinux"

for c in gzip xz lzma zstd; do
	luod --json versions "$T/new.$c.bz"
	want_rc 0
	want_json ".format == \"bzImage\" and .compression == \"$c\""
	jq -c .entries "$T/out" >"$T/entries"
	want cmp -s "$T/entries" "$T/ref"
	ok "bzImage with a $c payload gives the vmlinux's table"
done

zstd -q -c "$T/new.vmlinux" >"$T/new.vmlinux.zst"
luod -j versions "$T/new.vmlinux.zst"
want_rc 0
want_json '.format == "compressed"'
jq -c .entries "$T/out" >"$T/entries"
want cmp -s "$T/entries" "$T/ref"
ok "a bare compressed ELF (vmlinux.bin.zst)"

cp "$T/new.xz.bz" "$T/kernel.gz"
luod versions "$T/kernel.gz"
want_rc 0
want_out vlu-memfd-v2
ok "compression told by content, not by name"

luod versions -p "$T/old.vmlinux"
want_rc 0
want_out '^  "entries": \['
ok "--pretty after the command"

# A kernel built without live update is a valid image: it lists nothing.
luod versions "$T/base.o"
want_rc 0
want_out "base.o: no .liveupdate_versions section: it lists no live-update formats"
ok "an ELF without the section lists no formats"
luod -j versions "$T/base.o"
want_json '.section == false and .entries == []'
ok "... in JSON: section false"

# --- broken images ----------------------------------------------------

luod versions "$T/nonexistent"
want_bad "No such file or directory"
ok "missing file"

: >"$T/empty"
luod versions "$T/empty"
want_bad "empty file"
ok "empty file"

head -c 5000 /dev/urandom | tr '\177' x >"$T/junk"
printf 'JUNK' | dd of="$T/junk" conv=notrunc 2>/dev/null
luod versions "$T/junk"
want_bad "not a kernel image"
ok "not a kernel image"

luod versions "$T"
want_bad "not a regular file"
ok "a directory"

for spec in "-m 0x12345678:bad magic 0x12345678" \
	    "-f 3:unknown format 3 (luod reads format 2)" \
	    "-e 56:entry size 56 is smaller than 304" \
	    "-c 100:100 entries of 304 bytes do not fit"; do
	opt=${spec%%:*}
	msg=${spec#*:}
	# shellcheck disable=SC2086
	mkvmlinux broken $opt vlu-kho-v1:core:rw vlu-memfd-v1:file:rw
	luod versions "$T/broken.vmlinux"
	want_bad "$msg"
	ok "section: $msg"
	mkbz broken zstd
	luod versions "$T/broken.zstd.bz"
	want_bad "$msg"
	ok "section in a bzImage: $msg"
done

mkvmlinux broken -e 320 vlu-kho-v1:core:rw vlu-memfd-v1:file:rw
luod -j versions "$T/broken.vmlinux"
want_rc 0
want_json '(.entries | length) == 2'
ok "a larger entry size is accepted"

mkvmlinux broken vlu-kho-v1:core:rw vlu-memfd-v1:9:rw
luod versions "$T/broken.vmlinux"
want_bad "entry 1: vlu-memfd-v1: unknown kind 9"
ok "section: unknown kind"

mkvmlinux broken vlu-kho-v1:core:rw vlu-memfd:file:rw::vlu-memfd:1
luod versions "$T/broken.vmlinux"
want_bad 'vlu-memfd: malformed: not "<type>-v<version>" of type vlu-memfd version 1'
ok "section: a name that is not its type and version"

mkvmlinux broken vlu-kho-v1:core:rw vlu-memfd-v2:file:rw::vlu-memfd:1
luod versions "$T/broken.vmlinux"
want_bad 'vlu-memfd-v2: malformed'
ok "section: the version is data, the name must agree"

mkvmlinux broken vlu-kho-v1:core:rw:vlu-x
luod versions "$T/broken.vmlinux"
want_bad 'vlu-kho-v1: a core format lists FLB types'
ok "section: FLB types on a core format"

mkvmlinux broken vlu-kho-v1:core:rw vlu-memfd-v1:file:rw vlu-memfd-v1:file:r
luod versions "$T/broken.vmlinux"
want_bad "vlu-memfd-v1: listed twice"
ok "section: a format listed twice"

# Big-endian kernels say so in their ELF header.
mkvmlinux broken -B vlu-kho-v1:core:rw vlu-memfd-v2:file:rw
luod versions "$T/broken.vmlinux"
want_bad "bad magic 0x5055564c"
ok "section: the byte order is the ELF header's"

# Format 1: bare names that collide with mainline's. A verdict: such a
# kernel cannot take a live update, so says versions; check refuses it.
mkvmlinux v1 -f 1 kho-v1:core:rw luo-v1:core:rw memfd-v1:file:rw
mkbz v1 zstd
luod versions "$T/v1.zstd.bz"
want_rc 0
want_out "v1.zstd.bz: section format 1: names collide with mainline's: its formats cannot be told apart from other kernels', so it cannot take a live update$"
ok "section format 1 is refused: names that collide with mainline's"
luod -j versions "$T/v1.vmlinux"
want_json '.section and .section_format == 1 and .entries == [] and
	.rule == "section format 1: names collide with mainline'"'"'s"'
ok "... in JSON: the rule"

# Bounded work: at most 4096 entries, refused before any is read.
mkvmlinux many -n 1000000
luod versions "$T/many.vmlinux"
want_bad "1000000 entries, more than the 4096 luod reads of a kernel"
ok "a million entries are refused, saying why"
mkvmlinux many -n 100000
zstd -q -3 -c "$T/many.vmlinux" >"$T/p"
"$MKIMAGE" bzimage -s "$(wc -c <"$T/many.vmlinux")" "$T/p" >"$T/many.zstd.bz"
luod versions "$T/many.zstd.bz"
want_bad "100000 entries, more than the 4096"
ok "... in a bzImage too"
mkvmlinux many -n 4096
luod versions "$T/many.vmlinux"
want_rc 0
want_lines 4097
ok "4096 entries are read"
mkvmlinux many -n 4095 t4000-v1:file:r
luod versions "$T/many.vmlinux"
want_bad "t4000-v1: listed twice"
ok "a duplicate among 4096 entries is found"

head -c $(($(wc -c <"$T/new.zstd.bz") - 300)) "$T/new.zstd.bz" >"$T/trunc.bz"
luod versions "$T/trunc.bz"
want_bad "extends past the end of the file"
ok "truncated bzImage"

head -c $(($(wc -c <"$T/new.vmlinux") / 2)) "$T/new.vmlinux" >"$T/trunc.vmlinux"
luod versions "$T/trunc.vmlinux"
want_bad "truncated?"
ok "truncated vmlinux"

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
	want_bad "$c: payload is"
	ok "$c payload cut short"
	cp "$T/p.full" "$T/p"
	printf 'garbagegarbagegarbage' |
		dd of="$T/p" bs=1 seek=$((n / 3)) conv=notrunc 2>/dev/null
	"$MKIMAGE" bzimage -s "$size" "$T/p" >"$T/corrupt.bz"
	luod versions "$T/corrupt.bz"
	want_bad "$c: payload is corrupt"
	ok "$c payload corrupt"
done

head -c 4000 /dev/urandom | tr '\037\375\050\135\102\211\002' 'aaaaaaa' >"$T/p"
"$MKIMAGE" bzimage "$T/p" >"$T/nocomp.bz"
luod versions "$T/nocomp.bz"
want_bad "no known compression magic"
ok "payload without a compression magic"

printf '\002\041\114\030rest' >"$T/p"
"$MKIMAGE" bzimage "$T/p" >"$T/lz4.bz"
luod versions "$T/lz4.bz"
want_bad "lz4 payloads are not supported"
ok "an lz4 payload is reported as unsupported"

head -c 1000 /dev/zero | gzip -c >"$T/p"
"$MKIMAGE" bzimage "$T/p" >"$T/notelf.bz"
luod versions "$T/notelf.bz"
want_bad "decompressed gzip payload is not an ELF"
ok "payload that is not an ELF"

"$MKIMAGE" bzimage -v 0x0206 "$T/p" >"$T/oldproto.bz"
luod versions "$T/oldproto.bz"
want_bad "boot protocol 2.06"
ok "boot protocol too old"

"$MKIMAGE" bzimage -l 0xffffff00 "$T/p" >"$T/len.bz"
luod versions "$T/len.bz"
want_bad "extends past the end"
ok "payload_length past the end"

# Decompression bombs: a kernel is 20 to 60 MiB, luod stops at 256.
zstd -q -c "$T/new.vmlinux" >"$T/p"
"$MKIMAGE" bzimage -s $((300 << 20)) "$T/p" >"$T/big.bz"
luod versions "$T/big.bz"
want_bad "zstd payload declares 300 MiB decompressed, more than 256 MiB"
ok "a payload that declares 300 MiB is refused at once"

head -c 300M /dev/zero | zstd -q -1 >"$T/p"
"$MKIMAGE" bzimage -s 1000000 "$T/p" >"$T/bomb.bz"
luod versions "$T/bomb.bz"
want_bad "payload decompresses to more than 256 MiB"
ok "a payload that decompresses to more than 256 MiB, whatever it declares"

head -c 300M /dev/zero | gzip -1 >"$T/p"
# Its trailer says 1 MB: luod stops at 256 MiB all the same.
printf '\100\102\017\000' |
	dd of="$T/p" bs=1 seek=$(($(wc -c <"$T/p") - 4)) conv=notrunc 2>/dev/null
"$MKIMAGE" bzimage "$T/p" >"$T/bomb.bz"
luod versions "$T/bomb.bz"
want_bad "payload decompresses to more than 256 MiB"
ok "... gzip too"
rm -f "$T/bomb.bz"

# A .lzma header asking for a 1 GiB dictionary.
lzma -c "$T/new.vmlinux" >"$T/p"
printf '\000\000\000\100' | dd of="$T/p" bs=1 seek=1 conv=notrunc 2>/dev/null
"$MKIMAGE" bzimage -s "$(wc -c <"$T/new.vmlinux")" "$T/p" >"$T/dict.bz"
luod versions "$T/dict.bz"
want_bad "lzma: decoding the payload needs more than 256 MiB of memory"
ok "liblzma's memory limit"

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
		rc=$?
		[ $rc -eq 2 ] || { miss "$1 cut at $_off: exit $rc"; return; }
		_off=$((_off + _step))
	done
}
sweep "$T/new.vmlinux"
ok "truncations of new.vmlinux all exit 2"
for c in gzip xz lzma zstd; do
	sweep "$T/new.$c.bz" 256
	ok "truncations of new.$c.bz all exit 2"
done

# Names reach the terminal escaped: no forged lines, no escape sequences.
evil=$(printf '%s/evil\nluod: error: forged\033[2J' "$T")
cp "$T/base.o" "$evil"
luod versions "$evil"
want_rc 0
want_lines 1
want_out 'evil\\nluod: error: forged\\x1b\[2J: no .liveupdate_versions'
ok "an image name with a newline and an escape sequence is escaped"
luod versions "$evil.missing"
want_rc 2
want_no_err '^luod: error: forged'
want_err 'evil\\nluod: error: forged\\x1b\[2J.missing: No such file'
ok "... in error messages too"
luod -j versions "$evil"
want_json '.image | test("evil\nluod: error: forged\u001b\\[2J$")'
ok "... and JSON carries it exactly"
rm -f "$evil"
