#!/usr/bin/env bash
# Download the pinned linux-source .deb (once), check its sha256 and print
# the path of the verified package.
. "$(dirname "$0")/lib.sh"

deb=$CACHE/${PKG}_${DEBVER//:/%3a}_all.deb
mkdir -p "$CACHE"

if [ ! -f "$deb" ]; then
	note "downloading $PKG=$DEBVER"
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	# Package lists may be missing or stale on a fresh machine.
	(cd "$CACHE" && apt-get download "$PKG=$DEBVER" >&2 2>/dev/null) ||
		$sudo apt-get update -qq >&2 || true
	if [ ! -f "$deb" ] && ! (cd "$CACHE" && apt-get download "$PKG=$DEBVER" >&2); then
		echo "${0##*/}: error: $PKG=$DEBVER is not on the mirror." >&2
		echo "Versions the mirror has:" >&2
		apt-cache madison "$PKG" | awk '{print "  " $3}' >&2
		echo "To re-pin: set DEBVER in BASE to one of these, run 'make tree'," >&2
		echo "copy the sha256 it prints into BASE and rebase the series." >&2
		exit 1
	fi
fi

sum=$(sha256sum "$deb" | cut -d' ' -f1)
if [ "$sum" != "$SHA256" ]; then
	echo "${0##*/}: error: sha256 mismatch for $deb" >&2
	echo "  BASE says $SHA256" >&2
	echo "  file has  $sum" >&2
	echo "Remove the file to download it again, or re-pin BASE." >&2
	exit 1
fi
echo "$deb"
