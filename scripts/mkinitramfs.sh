#!/usr/bin/env bash
# Pack the guest initramfs with the kernel tree's own usr/gen_init_cpio:
# busybox-static, Debian's kexec (with the libraries it links), our static
# test programs, the guest scripts and the bzImage of each built variant
# in $VARIANTS (default: old new next mod), so a guest can kexec into them.
. "$(dirname "$0")/lib.sh"

out=${1:-$INITRD}
gen=
for d in "$OUT"/*/; do
	[ -x "$d/usr/gen_init_cpio" ] && gen=$d/usr/gen_init_cpio && break
done
[ -n "$gen" ] || die "no built kernel with usr/gen_init_cpio; build a variant first"

list=$(mktemp)
tmp=$(mktemp -d)
trap 'rm -rf "$list" "$tmp"' EXIT
{
	for d in bin sbin lib lib/modules lib64 proc sys dev tmp run mnt boot tests etc \
		 lib/x86_64-linux-gnu; do
		echo "dir /$d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /init $TOP/tests/guest/init 0755 0 0"
	echo "file /lib/luotest.sh $TOP/tests/guest/lib.sh 0644 0 0"
	echo "file /bin/busybox /bin/busybox 0755 0 0"
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || echo "slink /bin/$a busybox 0777 0 0"
	done
	echo "file /sbin/kexec /sbin/kexec 0755 0 0"
	ldd /sbin/kexec | awk '/=>/ {print $3} /ld-linux/ {print $1}' | sort -u |
	while read -r lib; do
		echo "file $lib $(readlink -f "$lib") 0755 0 0"
	done
	for t in "$TOP"/tests/guest/t/*; do
		echo "file /tests/$(basename "$t") $t 0755 0 0"
	done
	for p in "$GUEST"/bin/*; do
		[ -x "$p" ] && echo "file /bin/$(basename "$p") $p 0755 0 0"
	done
	for v in ${VARIANTS:-old new next mod}; do
		k=$OUT/$v/arch/x86/boot/bzImage
		[ -f "$k" ] || continue
		echo "file /boot/bzImage-$v $k 0644 0 0"
		# Its modules, where modprobe and luod look for them.
		rel=$(cat "$OUT/$v/include/config/kernel.release")
		mods=$(find "$OUT/$v" -name '*.ko' | sort)
		[ -z "$mods" ] || echo "dir /lib/modules/$rel 0755 0 0"
		for m in $mods; do
			echo "file /lib/modules/$rel/$(basename "$m") $m 0644 0 0"
		done
		# Its formats, as tools read them from the image, for tests.
		objcopy --dump-section .liveupdate_versions="$tmp/versions-$v.bin" \
			"$OUT/$v/vmlinux" 2>/dev/null &&
			echo "file /boot/versions-$v.bin $tmp/versions-$v.bin 0644 0 0"
	done
	# A kernel image that lists no live update formats, for tests.
	if [ -f "$OUT/new/arch/x86/boot/bzImage" ]; then
		"$TOP/scripts/mk-nosection-image.py" "$OUT/new/arch/x86/boot/bzImage" \
			"$tmp/bzImage-nosection" ||
			die "cannot make the image without a formats section"
		echo "file /boot/bzImage-nosection $tmp/bzImage-nosection 0644 0 0"
	fi
	echo "file /etc/passwd $TOP/tests/guest/passwd 0644 0 0"
} >"$list"
"$gen" "$list" >"$out.tmp"
mv "$out.tmp" "$out"
note "$(du -h "$out" | cut -f1) $out"
