#!/usr/bin/env bash
# Build the static programs the guest tests run (tests/guest/src/*.c),
# against the UAPI headers of the patched tree.
. "$(dirname "$0")/lib.sh"

hdr=${HDR:-$BUILD/headers}
any=$(ls -d "$OUT"/*/ 2>/dev/null | head -1)
[ -n "$any" ] || die "build a kernel variant first"
make -s -C "$TREE" O="$any" ARCH=x86_64 headers_install INSTALL_HDR_PATH="$hdr" >/dev/null

mkdir -p "$GUEST/bin"
for src in "$TOP"/tests/guest/src/*.c; do
	bin=$GUEST/bin/$(basename "$src" .c)
	[ "$bin" -nt "$src" ] && [ "$bin" -nt "$hdr/include/linux/liveupdate.h" ] && continue
	gcc -static -s -O2 -Wall -Wextra -Werror -I"$hdr/include" \
		-o "$bin" "$src" 2>&1 ||
		die "cannot build $src"
done

# The kselftests of live update, also static, so guest scripts run them.
build_selftests "$TREE" "$hdr" "$GUEST/bin" || die "cannot build the selftests"

# luod, static, built against the same headers.
make -s -C "$TOP/luod" static KHDR="$hdr/include" >/dev/null ||
	die "cannot build luod"
cp "$TOP/luod/build/static/luod" "$GUEST/bin/luod"
