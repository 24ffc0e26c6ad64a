# Common settings for the scripts in this directory. Sourced, not run.
# shellcheck shell=bash

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=${TREE:-$BUILD/linux}
OUT=${OUT:-$BUILD/out}
CACHE=${LUO_CACHE:-$BUILD/cache}
LOGS=${LOGS:-$BUILD/logs}
INITRD=${INITRD:-$BUILD/initramfs.cpio}
GUEST=${GUEST:-$BUILD/guest}
JOBS=${JOBS:-$(nproc)}

# Fixed identity and dates so that the base commit and every applied
# patch get the same hash on every machine.
BASE_IDENT_NAME="Debian linux-source"
BASE_IDENT_EMAIL="debian-kernel@lists.debian.org"
BASE_DATE="2000-01-01T00:00:00+0000"
AM_IDENT_NAME="luo series"
AM_IDENT_EMAIL="luo@localhost"

die() { echo "${0##*/}: error: $*" >&2; exit 1; }
note() { echo "${0##*/}: $*" >&2; }

# shellcheck source=../BASE
. "$TOP/BASE"

# Run git in the kernel tree without its background gc (see build-notes).
tgit() { git -C "$TREE" -c gc.auto=0 -c core.abbrev=12 "$@"; }
