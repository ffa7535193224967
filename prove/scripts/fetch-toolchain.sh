#!/usr/bin/env bash
# Usage: prove/scripts/fetch-toolchain.sh gcc-N [--check]
#
# A small Debian sid system (mmdebstrap --variant=apt) with the compiler a
# Debian sid kernel was built with, for x86-64 and for arm64 (gcc-N,
# gcc-N-aarch64-linux-gnu), make, pahole and the libraries of sid's kbuild
# programs (objtool, modpost):
#   $CENSPEC_CACHE/toolchains/sid-gcc-N/
# Debian 7.2's headers insist on gcc-16 (flags such as
# -fmin-function-alignment) and its kbuild programs need glibc 2.38; this
# machine (Debian 12) has gcc-12 and glibc 2.36. kernel-env.sh's censpec_make
# runs make chrooted into this root, the kernel and module folders bound at
# their own paths. Idempotent: a finished root is reused. Prints the root.
# --check: fetch nothing; exit 2 when absent. About 4 min and 490 MB cold.
set -euo pipefail

die() { echo "fetch-toolchain: $*" >&2; exit 2; }
[ $# -ge 1 ] || die "usage: fetch-toolchain.sh gcc-N [--check]"
gcc="$1" check=0
[ "${2:-}" = --check ] && check=1
[[ "$gcc" =~ ^gcc-[0-9]+$ ]] || die "'$gcc' is not gcc-N"
cache="${CENSPEC_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/censpec}"
dir="$cache/toolchains/sid-$gcc"
marker="$dir/.censpec-toolchain"
if [ -f "$marker" ]; then
    printf '%s\n' "$dir"
    exit 0
fi
[ "$check" = 0 ] || die "toolchain sid-$gcc not fetched; run prove/scripts/install-deps.sh"
command -v mmdebstrap >/dev/null || die "mmdebstrap missing (package mmdebstrap); run install-deps.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/sid-apt.sh"
uri="$(sed -n 's/^URIs: //p' "$cache/apt-sid/sources/sid.sources")"
[ -n "$uri" ] || die "no archive in $cache/apt-sid/sources/sid.sources"
t0=$(date +%s)
rm -rf "$dir" "$dir.tmp"
mkdir -p "$(dirname "$dir")"
pkgs="$gcc,$gcc-aarch64-linux-gnu,make,pahole,libelf1t64,libssl3t64,zlib1g,mawk"
if ! mmdebstrap --variant=apt --architectures=amd64 --include="$pkgs" \
    --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Languages "none"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' sid "$dir.tmp" "$uri" >"$dir.log" 2>&1; then
    tail -n 5 "$dir.log" >&2
    rm -rf "$dir.tmp"
    die "mmdebstrap of sid with $pkgs failed (log $dir.log)"
fi
mv "$dir.tmp" "$dir"
printf 'packages=%s\n' "$pkgs" >"$marker"
echo "fetch-toolchain: sid $gcc into $dir in $(( $(date +%s) - t0 )) s" >&2
printf '%s\n' "$dir"
