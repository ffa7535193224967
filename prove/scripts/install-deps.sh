#!/usr/bin/env bash
# Usage: prove/scripts/install-deps.sh [--check]
#
# Idempotent. Makes this Debian 12 machine able to build, lint and boot-test
# the generated kernel module on x86-64 and arm64:
#   1. installs the missing Debian packages (root only; adds the arm64 dpkg
#      architecture; one `apt-get update`, and only when something is missing;
#      every apt/dpkg call holds /tmp/censpec-apt.lock);
#   2. extracts checkpatch.pl, spelling.txt and const_structs.checkpatch from
#      /usr/src/linux-source-6.1.tar.xz into $CENSPEC_CACHE/checkpatch/;
#   3. unpacks /boot/vmlinuz-<ver> into the ELF $CENSPEC_CACHE/vmlinux-<ver>
#      (qemu boots it directly; saves the ~6 s xz unpacking under TCG);
#   4. fetches Debian's kernels x86_64 and arm64 6.1, 6.12 and 7.2
#      (fetch-kernel.sh: apt-get download + dpkg-deb -x into
#      $CENSPEC_CACHE/kernels/, /boot untouched; 7.2 from Debian's sid
#      through an apt state of its own, sid-apt.sh, with the sid toolchain
#      root it is built in, fetch-toolchain.sh) and unpacks each x86-64 image;
#   5. extracts the static arm64 busybox (busybox-static:arm64, downloaded,
#      not installed) into $CENSPEC_CACHE/busybox-arm64/busybox.
# The debug kernel is built by build-debug-kernel.sh (about 15 min), not here.
# Prints each stage's time.
# --check: install nothing, only report; exit 2 if anything is missing.
# Not root and a package missing: prints which one and how to install it, exit 2.
# CENSPEC_CACHE defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/censpec.
set -euo pipefail

PACKAGES=(qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static
          cpio sparse linux-source-6.1 libc6-dev gcc make xz-utils
          dwarves qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
          device-tree-compiler flex bison libelf-dev bc m4 binutils neovim
          mmdebstrap zstd debian-archive-keyring udev)
KERNELS=("x86_64 6.1" "x86_64 6.12" "x86_64 7.2" "arm64 6.1" "arm64 6.12" "arm64 7.2")
SOURCE_TARBALL=/usr/src/linux-source-6.1.tar.xz
CHECKPATCH_FILES=(scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch)

check_only=0
case "${1:-}" in
    --check) check_only=1 ;;
    "") ;;
    -h|--help) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown argument '$1' (usage: install-deps.sh [--check])" >&2; exit 2 ;;
esac

log() { printf 'install-deps: %s\n' "$*" >&2; }
t_start=$(date +%s)
export CENSPEC_CACHE="${CENSPEC_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/censpec}"
t_stage=$t_start
stage_done() { local now; now=$(date +%s); log "stage $1: $((now - t_stage)) s"; t_stage=$now; }
apt_locked() { flock /tmp/censpec-apt.lock "$@"; }

is_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

# ---- 1. packages ------------------------------------------------------------
if ! dpkg --print-foreign-architectures | grep -cx arm64 >/dev/null; then
    if [ "$check_only" = 1 ] || [ "$(id -u)" -ne 0 ]; then
        echo "install-deps: the arm64 dpkg architecture is not added; run: sudo dpkg --add-architecture arm64 && sudo apt-get update" >&2
        exit 2
    fi
    log "adding the arm64 dpkg architecture"
    apt_locked dpkg --add-architecture arm64
    apt_locked apt-get update -q >/dev/null
fi
missing=()
for p in "${PACKAGES[@]}"; do
    is_installed "$p" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$check_only" = 1 ] || [ "$(id -u)" -ne 0 ]; then
        echo "install-deps: missing Debian package(s): ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
        exit 2
    fi
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt_locked apt-get update -q >/dev/null
    apt_locked apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    for p in "${missing[@]}"; do
        is_installed "$p" || { echo "install-deps: package $p still not installed after apt-get" >&2; exit 1; }
    done
else
    log "packages: all present"
fi

# shellcheck source-path=SCRIPTDIR source=kernel-env.sh
stage_done packages
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# ---- 4. Debian's kernels into the cache ---------------------------------------
for k in "${KERNELS[@]}"; do
    # shellcheck disable=SC2086  # "ARCH SERIES"
    if [ "$check_only" = 1 ]; then
        "$here/fetch-kernel.sh" $k --check >/dev/null
    else
        "$here/fetch-kernel.sh" $k >/dev/null
    fi
done
stage_done kernels
# ---- 5. arm64 busybox -----------------------------------------------------------
bb="$CENSPEC_CACHE/busybox-arm64/busybox"
if [ ! -x "$bb" ]; then
    [ "$check_only" = 0 ] || { echo "install-deps: $bb missing; run install-deps.sh" >&2; exit 2; }
    tmp="$(mktemp -d)"
    chmod 0755 "$tmp"
    (cd "$tmp" && apt_locked apt-get download -q busybox-static:arm64 >/dev/null 2>&1) ||
        { echo "install-deps: apt-get download busybox-static:arm64 failed" >&2; exit 1; }
    dpkg-deb -x "$tmp"/busybox-static_*_arm64.deb "$tmp/x"
    mkdir -p "$(dirname "$bb")"
    install -m 0755 "$tmp/x/bin/busybox" "$bb"
    rm -rf "$tmp"
    log "busybox arm64: $bb"
fi
stage_done busybox-arm64

# shellcheck source-path=SCRIPTDIR source=kernel-env.sh
CENSPEC_ARCH=x86_64 CENSPEC_KERNEL=6.1 . "$here/kernel-env.sh" || exit 2
log "kernel: $KVER (kbuild $KDIR)"

# ---- 2. checkpatch ----------------------------------------------------------
cp_dir="$CENSPEC_CACHE/checkpatch"
need_cp=0
for f in "${CHECKPATCH_FILES[@]}"; do
    [ -s "$cp_dir/$(basename "$f")" ] || need_cp=1
done
if [ "$need_cp" = 1 ]; then
    [ "$check_only" = 0 ] || { echo "install-deps: checkpatch not extracted into $cp_dir; run install-deps.sh" >&2; exit 2; }
    [ -f "$SOURCE_TARBALL" ] || { echo "install-deps: $SOURCE_TARBALL missing (package linux-source-6.1)" >&2; exit 2; }
    log "extracting checkpatch from $SOURCE_TARBALL"
    tmp="$(mktemp -d)"
    top="$(tar -tJf "$SOURCE_TARBALL" 2>/dev/null | head -n 1 | cut -d/ -f1 || true)"
    members=()
    for f in "${CHECKPATCH_FILES[@]}"; do members+=("$top/$f"); done
    tar -xJf "$SOURCE_TARBALL" -C "$tmp" "${members[@]}"
    mkdir -p "$cp_dir"
    for f in "${CHECKPATCH_FILES[@]}"; do
        install -m 0644 "$tmp/$top/$f" "$cp_dir/$(basename "$f")"
    done
    chmod 0755 "$cp_dir/checkpatch.pl"
    rm -rf "$tmp"
else
    log "checkpatch: present in $cp_dir"
fi

# ---- 3. uncompressed vmlinux ------------------------------------------------
is_elf() { [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; }

# extract_vmlinux IMAGE OUT: like the kernel's scripts/extract-vmlinux, look for
# each compressor's magic in the bzImage, decompress from that offset and keep
# the first result that is an ELF file.
extract_vmlinux() {
    local img="$1" out="$2" magic tool off
    local -a candidates=(
        '\xfd\x37\x7a\x58\x5a\x00|xz -dc --single-stream'
        '\x1f\x8b\x08|gzip -dc'
        '\x28\xb5\x2f\xfd|zstd -dcq'
        '\x5d\x00\x00\x00|xz -dc --format=lzma'
    )
    local c
    for c in "${candidates[@]}"; do
        magic="${c%%|*}"
        tool="${c#*|}"
        command -v "${tool%% *}" >/dev/null 2>&1 || continue
        while IFS=: read -r off _; do
            [ -n "$off" ] || continue
            # shellcheck disable=SC2086  # $tool is a command with options
            tail -c "+$((off + 1))" "$img" | $tool >"$out.tmp" 2>/dev/null || true
            if [ -s "$out.tmp" ] && is_elf "$out.tmp"; then
                mv "$out.tmp" "$out"
                log "vmlinux: ${tool%% *} stream at offset $off of $img"
                return 0
            fi
        done < <(LC_ALL=C grep -obUaP "$magic" "$img" | LC_ALL=C cut -d: -f1 || true)
    done
    rm -f "$out.tmp"
    return 1
}

# unpack_image IMAGE OUT
unpack_image() {
    local image="$1" vmlinux="$2"
    if [ -s "$vmlinux" ] && is_elf "$vmlinux" && [ "$vmlinux" -nt "$image" ]; then
        log "vmlinux: present ($vmlinux)"
    else
        [ "$check_only" = 0 ] || { echo "install-deps: $vmlinux not prepared; run install-deps.sh" >&2; exit 2; }
        [ -r "$image" ] || { echo "install-deps: cannot read $image" >&2; exit 2; }
        mkdir -p "$(dirname "$vmlinux")"
        extract_vmlinux "$image" "$vmlinux" || { echo "install-deps: no ELF kernel found inside $image" >&2; exit 1; }
    fi
}
unpack_image "$VMLINUZ" "$CENSPEC_CACHE/vmlinux-$KVER"
for series in 6.1 6.12 7.2; do
    kdir="$("$here/fetch-kernel.sh" x86_64 "$series" --check)"
    # shellcheck disable=SC1091
    img="$(. "$kdir/kernel.env" && echo "$KIMAGE")"
    unpack_image "$img" "$kdir/vmlinux"
done
stage_done vmlinux

log "ready in $(( $(date +%s) - t_start )) s: KVER=$KVER VMLINUX=$CENSPEC_CACHE/vmlinux-$KVER CHECKPATCH=$cp_dir/checkpatch.pl kernels in $CENSPEC_CACHE/kernels"
