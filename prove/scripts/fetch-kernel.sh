#!/usr/bin/env bash
# Usage: prove/scripts/fetch-kernel.sh ARCH SERIES [--check]
#   ARCH    x86_64 | arm64
#   SERIES  6.1 | 6.12
#
# Fetches one of Debian's kernels (image, modules, headers, kbuild) with
# `apt-get download` and unpacks it with `dpkg-deb -x` into a cache folder,
# touching neither /boot nor the host's dpkg database:
#   $CENSPEC_CACHE/kernels/<ARCH>-<kernel release>/
#     root/            the unpacked packages
#     kernel.env       KARCH KVER KDIR KIMAGE KMODULES (sourced by kernel-env.sh)
# The kernel release is the one Debian's meta-package for the series names
# today (linux-image-amd64 -> 6.1.0-NN-amd64, linux-image-6.12-arm64 ->
# 6.12.NN+deb12-arm64, ...). Idempotent: an existing folder is reused.
#   $CENSPEC_CACHE/kernels/<ARCH>-<SERIES>.current  the folder last fetched
# Prints the folder on stdout. --check: fetch nothing; exit 2 when absent.
# Needs: apt sources for bookworm and bookworm-security, and for arm64
# `dpkg --add-architecture arm64` (install-deps.sh does both).
set -euo pipefail

die() { echo "fetch-kernel: $*" >&2; exit 2; }
[ $# -ge 2 ] || die "usage: fetch-kernel.sh x86_64|arm64 6.1|6.12 [--check]"
arch="$1" series="$2" check=0
[ "${3:-}" = --check ] && check=1
case "$arch" in
    x86_64) darch=amd64 ;;
    arm64) darch=arm64 ;;
    *) die "unknown architecture '$arch' (x86_64 or arm64)" ;;
esac
case "$series" in
    6.1) meta_img="linux-image-$darch" meta_hdr="linux-headers-$darch" ;;
    6.12) meta_img="linux-image-6.12-$darch" meta_hdr="linux-headers-6.12-$darch" ;;
    *) die "unknown kernel series '$series' (6.1 or 6.12)" ;;
esac
cache="${CENSPEC_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/censpec}"
# <arch>-<series>.current names the folder of the last fetch: --check (and so
# kernel-env.sh) reads it without asking apt (apt look-ups take seconds).
current="$cache/kernels/$arch-$series.current"
if [ "$check" = 1 ] && [ -f "$current" ] && [ -f "$(cat "$current")/kernel.env" ]; then
    cat "$current"
    exit 0
fi

# dep_of PKG PREFIX: the first dependency of PKG (for the target arch) whose name starts with PREFIX.
dep_of() {
    apt-cache depends --no-recommends --no-suggests "$1:$darch" 2>/dev/null |
        awk -v p="$2" '$1 ~ /Depends:/ { n = $2; gsub(/[<>]/, "", n); sub(/:.*/, "", n); if (index(n, p) == 1) { print n; exit } }'
}
img_pkg="$(dep_of "$meta_img" linux-image-)"
[ -n "$img_pkg" ] || die "apt knows no $meta_img:$darch (run install-deps.sh: it adds the arm64 architecture and runs apt-get update)"
kver="${img_pkg#linux-image-}"
kver="${kver%-unsigned}"
dir="$cache/kernels/$arch-$kver"
if [ -f "$dir/kernel.env" ]; then
    printf '%s\n' "$dir" >"$current"
    printf '%s\n' "$dir"
    exit 0
fi
[ "$check" = 0 ] || die "kernel $arch $series ($kver) not fetched; run prove/scripts/install-deps.sh"
hdr_pkg="$(dep_of "$meta_hdr" linux-headers-)"
[ -n "$hdr_pkg" ] || die "apt knows no $meta_hdr:$darch"
common_pkg="$(dep_of "$hdr_pkg" linux-headers-)"
# kbuild holds host programs (fixdep, modpost): always the build machine's architecture.
kbuild_pkg="$(dep_of "$hdr_pkg" linux-kbuild-)"
[ -n "$common_pkg" ] && [ -n "$kbuild_pkg" ] || die "cannot resolve the headers' dependencies of $hdr_pkg"
host_arch="$(dpkg --print-architecture)"

t0=$(date +%s)
tmp="$(mktemp -d "${TMPDIR:-/tmp}/censpec-fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
chmod 0755 "$tmp"
(
    cd "$tmp"
    # Downloading as root into a folder _apt cannot write warns; the download is the same.
    apt-get download -q "$img_pkg:$darch" "$hdr_pkg:$darch" "$common_pkg" "$kbuild_pkg:$host_arch" >download.log 2>&1 ||
        { cat download.log >&2; die "apt-get download of $img_pkg $hdr_pkg $common_pkg $kbuild_pkg failed"; }
)
root="$tmp/root"
mkdir -p "$root"
for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$root"; done
kdir_rel="usr/src/linux-headers-$kver"
[ -f "$root/$kdir_rel/Makefile" ] || die "no $kdir_rel/Makefile in $hdr_pkg"
# The headers' Makefiles include their common part by absolute path.
grep -rl --include=Makefile '^include /usr/src/' "$root/usr/src" | while read -r mf; do
    sed -i "s#^include /usr/src/#include $dir/root/usr/src/#" "$mf"
done
image="$(find "$root/boot" -maxdepth 1 -name "vmlinuz-$kver" -print -quit)"
[ -n "$image" ] || die "no boot/vmlinuz-$kver in $img_pkg"
rm -rf "$dir"   # a folder without kernel.env is an interrupted fetch
mkdir -p "$dir"
mv "$root" "$dir/root"
{
    printf 'KARCH=%s\nKVER=%s\n' "$arch" "$kver"
    printf 'KDIR=%s\n' "$dir/root/$kdir_rel"
    printf 'KIMAGE=%s\n' "$dir/root/boot/vmlinuz-$kver"
    printf 'KMODULES=%s\n' "$dir/root/lib/modules/$kver"
    printf 'KPACKAGES="%s"\n' "$img_pkg $hdr_pkg $common_pkg $kbuild_pkg"
} >"$dir/kernel.env.tmp"
mv "$dir/kernel.env.tmp" "$dir/kernel.env"
printf '%s\n' "$dir" >"$current"
echo "fetch-kernel: $arch $kver into $dir in $(( $(date +%s) - t0 )) s" >&2
printf '%s\n' "$dir"
