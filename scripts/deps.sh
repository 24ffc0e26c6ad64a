#!/usr/bin/env bash
# Install the Debian packages the build, the guests and the tests need
# (only those missing). Idempotent; fast when everything is there.
. "$(dirname "$0")/lib.sh"

pkgs=(
	# kernel build
	build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils zstd
	ccache rsync kmod python3 python3-ply python3-git
	# guests: emulator, userspace, the kexec client users use
	qemu-system-x86 busybox-static kexec-tools
	# luod: ELF (libelf-dev, above), compressed kernel payloads; jq for its tests
	zlib1g-dev liblzma-dev libzstd-dev pkg-config jq
	# measurements
	time
	# UEFI firmware, for the EFI guests of the distro variant
	ovmf
)
# 'deps.sh matrix': also the test robot's tools (scripts/matrix.sh).
if [ "${1:-}" = matrix ]; then
	pkgs+=(sparse coccinelle ocaml-nox clang-15 python3-sphinx)
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
note "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
	die "apt-get install failed"
