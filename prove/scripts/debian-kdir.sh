#!/usr/bin/env bash
# Usage: prove/scripts/debian-kdir.sh ARCH SERIES [--check]
#   ARCH    x86_64 | arm64      SERIES  6.1 | 6.12
#
# Prints a kernel build tree (KDIR) of Debian's kernel of that series for ARCH, ready for an
# out-of-tree (cross) build of a generated module on this machine:
#   make KDIR="$(prove/scripts/debian-kdir.sh arm64 6.12)" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
# Debian's linux-headers-<ver>-arm64 alone does not build on amd64: its Makefile includes the
# common headers by an absolute /usr/src path, and its host programs (fixdep, modpost) come
# from the build machine's linux-kbuild package. fetch-kernel.sh downloads the packages
# (image, headers, common headers, the amd64 kbuild) into the cache, unpacked, with that path
# rewritten; nothing is installed on the system. --check fetches nothing (exit 2 when absent).
# Needs what install-deps.sh sets up: `dpkg --add-architecture arm64` and apt-get update,
# gcc-aarch64-linux-gnu, and for 6.12 pahole (package dwarves).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 2 ] || { echo "debian-kdir: usage: debian-kdir.sh x86_64|arm64 6.1|6.12 [--check]" >&2; exit 2; }
dir="$(bash "$here/fetch-kernel.sh" "$@")"
KDIR=""
# shellcheck disable=SC1091
. "$dir/kernel.env"
[ -f "$KDIR/Makefile" ] || { echo "debian-kdir: $KDIR has no Makefile; remove $dir and run again" >&2; exit 2; }
printf '%s\n' "$KDIR"
