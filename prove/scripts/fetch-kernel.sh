#!/usr/bin/env bash
# Usage: prove/scripts/fetch-kernel.sh ARCH SERIES [--check]
#   ARCH    x86_64 | arm64
#   SERIES  6.1 | 6.12 | 7.2
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
# 7.2 comes from Debian's unstable suite (sid) through an apt state of its own,
# $CENSPEC_CACHE/apt-sid/ (sid-apt.sh; the machine's apt lists stay as they are):
# the newest linux-image-7.2.<n>+deb<m>-<arch> sid has today. Debian builds it
# with a newer gcc than this machine's, and its kbuild programs need a newer
# libc: kernel.env names the sid toolchain root (fetch-toolchain.sh, fetched
# here too) in which build-module.sh runs make (KTOOLROOT).
set -euo pipefail

die() { echo "fetch-kernel: $*" >&2; exit 2; }
[ $# -ge 2 ] || die "usage: fetch-kernel.sh x86_64|arm64 6.1|6.12|7.2 [--check]"
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
    7.2) meta_img="" meta_hdr="" ;;
    *) die "unknown kernel series '$series' (6.1, 6.12 or 7.2)" ;;
esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${CENSPEC_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/censpec}"
# <arch>-<series>.current names the folder of the last fetch: --check (and so
# kernel-env.sh) reads it without asking apt (apt look-ups take seconds).
current="$cache/kernels/$arch-$series.current"
if [ "$check" = 1 ] && [ -f "$current" ] && [ -f "$(cat "$current")/kernel.env" ]; then
    cat "$current"
    exit 0
fi

# apt options: the machine's own apt state, or sid's (7.2).
apt_opts=()
if [ "$series" = 7.2 ]; then
    if [ "$check" = 1 ]; then
        # --check asks no apt: the last fetch, else absent.
        die "kernel $arch $series not fetched; run prove/scripts/install-deps.sh"
    fi
    mapfile -t apt_opts < <("$here/sid-apt.sh" --options) || die "sid's apt state is not ready"
fi
# deps_of PKG PREFIX: the dependencies of PKG (for the target arch) whose names start with PREFIX.
deps_of() {
    apt-cache "${apt_opts[@]}" depends --no-recommends --no-suggests "$1:$darch" 2>/dev/null |
        awk -v p="$2" '$1 ~ /Depends:/ { n = $2; gsub(/[<>]/, "", n); sub(/:.*/, "", n); if (index(n, p) == 1) print n }'
}
dep_of() { deps_of "$@" | head -n 1; }
if [ "$series" = 7.2 ]; then
    # The newest 7.2.<n>+deb<m> image sid has for this architecture (sid keeps only the newest).
    img_pkg="$(apt-cache "${apt_opts[@]}" pkgnames linux-image-7.2. 2>/dev/null |
        grep -E "^linux-image-7\.2\.[0-9]+\+deb[0-9]+-$darch\$" | sort -V | tail -n 1 || true)"
    [ -n "$img_pkg" ] || die "Debian's sid has no linux-image-7.2.*-$darch today (sid-apt.sh --update refreshes its lists)"
    meta_hdr="linux-headers-${img_pkg#linux-image-}"
else
    img_pkg="$(dep_of "$meta_img" linux-image-)"
    [ -n "$img_pkg" ] || die "apt knows no $meta_img:$darch (run install-deps.sh: it adds the arm64 architecture and runs apt-get update)"
fi
kver="${img_pkg#linux-image-}"
kver="${kver%-unsigned}"
dir="$cache/kernels/$arch-$kver"
if [ -f "$dir/kernel.env" ]; then
    printf '%s\n' "$dir" >"$current"
    printf '%s\n' "$dir"
    exit 0
fi
[ "$check" = 0 ] || die "kernel $arch $series ($kver) not fetched; run prove/scripts/install-deps.sh"
if [ "$series" = 7.2 ]; then hdr_pkg="$meta_hdr"; else hdr_pkg="$(dep_of "$meta_hdr" linux-headers-)"; fi
[ -n "$hdr_pkg" ] || die "apt knows no $meta_hdr:$darch"
# Since 7.x Debian splits the image into linux-binary-, linux-modules- and linux-base-<release> (config, dtbs).
mapfile -t img_parts < <(deps_of "$img_pkg" linux- | grep -F -- "-$kver" || true)
# The compiler Debian built the kernel with, when the headers name it (gcc-N-for-host).
kgcc="$(deps_of "$hdr_pkg" gcc- | sed -n 's/^\(gcc-[0-9]*\)-for-host$/\1/p' | head -n 1)"
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
    parts=()
    for p in "${img_parts[@]}"; do parts+=("$p:$darch"); done
    apt-get "${apt_opts[@]}" download -q "$img_pkg:$darch" "${parts[@]}" "$hdr_pkg:$darch" "$common_pkg" "$kbuild_pkg:$host_arch" >download.log 2>&1 ||
        { cat download.log >&2; die "apt-get download of $img_pkg ${img_parts[*]} $hdr_pkg $common_pkg $kbuild_pkg failed"; }
)
root="$tmp/root"
mkdir -p "$root"
for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$root"; done
kdir_rel="usr/src/linux-headers-$kver"
[ -f "$root/$kdir_rel/Makefile" ] || die "no $kdir_rel/Makefile in $hdr_pkg"
# The headers' Makefiles include their common part by absolute path.
# (7.x: the headers' Makefile also names its own folder as KBUILD_OUTPUT.)
grep -rlE --include=Makefile '^(include /usr/src/|KBUILD_OUTPUT=/usr/src/)' "$root/usr/src" | while read -r mf; do
    sed -i -e "s#^include /usr/src/#include $dir/root/usr/src/#" -e "s#^KBUILD_OUTPUT=/usr/src/#KBUILD_OUTPUT=$dir/root/usr/src/#" "$mf"
done
# The image: /boot/vmlinuz-<release> (6.x), /usr/lib/modules/<release>/vmlinuz (7.x); modules likewise.
image_rel="" modules_rel=""
for f in "boot/vmlinuz-$kver" "usr/lib/modules/$kver/vmlinuz"; do [ -f "$root/$f" ] && { image_rel="$f"; break; }; done
for d in "lib/modules/$kver" "usr/lib/modules/$kver"; do [ -d "$root/$d/kernel" ] && { modules_rel="$d"; break; }; done
[ -n "$image_rel" ] || die "no boot/vmlinuz-$kver nor usr/lib/modules/$kver/vmlinuz in $img_pkg ${img_parts[*]}"
[ -n "$modules_rel" ] || die "no modules of $kver in $img_pkg ${img_parts[*]}"
# kbuild_runs_here: every program of the kbuild package finds the libc symbols it needs here.
kbuild_runs_here() {
    local f
    while IFS= read -r f; do
        [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] || continue
        ! LC_ALL=C ldd "$f" 2>&1 | grep -c 'not found' >/dev/null || return 1
    done < <(find "$root"/usr/lib/linux-kbuild-* -type f -perm -u+x 2>/dev/null)
}
ktoolroot=""
if ! command -v "${kgcc:-gcc}" >/dev/null || ! kbuild_runs_here; then
    # This machine cannot build for that kernel itself: sid's toolchain root can.
    ktoolroot="$("$here/fetch-toolchain.sh" "${kgcc:-gcc}")" || die "no toolchain for $kver (${kgcc:-gcc})"
fi
rm -rf "$dir"   # a folder without kernel.env is an interrupted fetch
mkdir -p "$dir"
mv "$root" "$dir/root"
{
    printf 'KARCH=%s\nKVER=%s\n' "$arch" "$kver"
    printf 'KDIR=%s\n' "$dir/root/$kdir_rel"
    printf 'KIMAGE=%s\n' "$dir/root/$image_rel"
    printf 'KMODULES=%s\n' "$dir/root/$modules_rel"
    printf 'KPACKAGES="%s"\n' "$img_pkg ${img_parts[*]} $hdr_pkg $common_pkg $kbuild_pkg"
    # make runs inside this root (a sid system with the kernel's compiler), see kernel-env.sh
    printf 'KTOOLROOT=%s\n' "$ktoolroot"
} >"$dir/kernel.env.tmp"
mv "$dir/kernel.env.tmp" "$dir/kernel.env"
printf '%s\n' "$dir" >"$current"
echo "fetch-kernel: $arch $kver into $dir in $(( $(date +%s) - t0 )) s" >&2
printf '%s\n' "$dir"
