#!/usr/bin/env bash
# Debian's kernel config of one flavour, of exactly BASE's version: print
# the path of it (fetched once into the cache).
#
# It is read from that build's headers package, linux-headers-<abi>-FLAVOUR,
# the .config Debian built the kernel with. Debian names that package per
# ABI, so the mirror keeps every version's; linux-config-6.12 has one name
# for all versions and the mirror drops its older ones. The headers' .config
# is linux-config's file plus four lines Debian's build adds for its own
# signing key and build salt (diffed on 6.12.117's headers against
# 6.12.118's linux-config: those four and the version banner differ, and
# one symbol of 6.12.118's Kconfig), dropped here: this build has no key.
. "$(dirname "$0")/lib.sh"

flavour=${1:?usage: fetch-debconfig.sh FLAVOUR}
conf=$CACHE/config-${DEBVER//[:~]/_}-$flavour
[ -f "$conf" ] && { echo "$conf"; exit 0; }

headers_pkg() { apt-cache pkgnames "linux-headers-${DEBVER%%-*}+" | grep -E -- "-$flavour\$" | head -1; }
pkg=$(headers_pkg)
if [ -z "$pkg" ]; then
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	# Package lists may be missing or stale on a fresh machine.
	$sudo apt-get update -qq >&2 || true
	pkg=$(headers_pkg)
fi
[ -n "$pkg" ] || die "no linux-headers-${DEBVER%%-*}+*-$flavour on the mirror"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download "$pkg=$DEBVER" >/dev/null 2>&1) ||
	die "cannot download $pkg=$DEBVER"
dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -xO "./usr/src/$pkg/.config" >"$tmp/config" ||
	die "$pkg has no .config"
grep -v -E '^CONFIG_(BUILD_SALT|MODULE_SIG_ALL|MODULE_SIG_KEY|SYSTEM_TRUSTED_KEYS)=' \
	"$tmp/config" >"$tmp/config.debian"
mkdir -p "$CACHE"
mv "$tmp/config.debian" "$conf"
echo "$conf"
