# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Real kernel images, if LUOD_TEST_IMAGES=DIR names them:
# DIR/<variant>/vmlinux and DIR/<variant>/arch/x86/boot/bzImage.

if [ ! -d "${LUOD_TEST_IMAGES:-}" ]; then
	skip "real kernel images" "no LUOD_TEST_IMAGES directory (make check uses ../build/luod-images)"
	return 0
fi
for d in "$LUOD_TEST_IMAGES"/*/; do
	v=$(basename "$d")
	if [ ! -f "$d/vmlinux" ] || [ ! -f "$d/arch/x86/boot/bzImage" ]; then
		skip "$v: vmlinux and bzImage give the same table" "no vmlinux and bzImage pair"
		continue
	fi
	luod -j versions "$d/vmlinux"
	want_rc 0
	jq -c .entries "$T/out" >"$T/a"
	jq -r .release "$T/out" >"$T/ra"
	luod -j versions "$d/arch/x86/boot/bzImage"
	want_rc 0
	jq -c .entries "$T/out" >"$T/b"
	want_json '.release | test("^[0-9][^ ]*$")'
	want [ "$(jq -r .release "$T/out")" = "$(cat "$T/ra")" ]
	want [ -s "$T/a" ]
	want cmp -s "$T/a" "$T/b"
	ok "$v: vmlinux and bzImage give the same table and release"
done
