# shellcheck shell=bash
# Usage: source generated-driver/scripts/kernel-env.sh
#
# Sourced (not executed) by the other scripts. Exports:
#   CENSPEC_CACHE  cache root (default $HOME/.cache/censpec)
#   KVER           kernel version that has both /lib/modules/KVER/build and
#                  /boot/vmlinuz-KVER (highest such version; override with
#                  CENSPEC_KVER). Never taken from `uname -r`: the host runs
#                  another kernel than the one the module is built for.
#   KDIR           /lib/modules/$KVER/build (kbuild tree for out-of-tree modules)
#   VMLINUZ        /boot/vmlinuz-$KVER (compressed boot image)
#   VMLINUX        uncompressed ELF kernel in the cache if install-deps.sh made
#                  it, else $VMLINUZ (qemu boots both; the ELF saves ~6 s/boot)
#   CHECKPATCH     $CENSPEC_CACHE/checkpatch/checkpatch.pl
#   CENSPEC_SCRIPTS  directory of these scripts
# Leaves the caller's shell options alone; returns 1 (prints why) if no
# kernel is found.

CENSPEC_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CENSPEC_SCRIPTS
export CENSPEC_CACHE="${CENSPEC_CACHE:-${HOME:-/root}/.cache/censpec}"

# Prints the highest kernel version with a kbuild tree and a boot image.
censpec_find_kver() {
    local build ver best=""
    for build in /lib/modules/*/build; do
        [ -e "$build" ] || continue
        ver="$(basename "$(dirname "$build")")"
        [ -f "/boot/vmlinuz-$ver" ] || continue
        if [ -z "$best" ] || [ "$(printf '%s\n%s\n' "$best" "$ver" | sort -V | tail -n 1)" = "$ver" ]; then
            best="$ver"
        fi
    done
    [ -n "$best" ] || return 1
    printf '%s\n' "$best"
}

censpec_kernel_env() {
    if [ -n "${CENSPEC_KVER:-}" ]; then
        KVER="$CENSPEC_KVER"
    elif ! KVER="$(censpec_find_kver)"; then
        echo "censpec: no kernel with both /lib/modules/<ver>/build and /boot/vmlinuz-<ver>; run generated-driver/scripts/install-deps.sh" >&2
        return 1
    fi
    export KVER
    export KDIR="/lib/modules/$KVER/build"
    export VMLINUZ="/boot/vmlinuz-$KVER"
    if [ -s "$CENSPEC_CACHE/vmlinux-$KVER" ]; then
        export VMLINUX="$CENSPEC_CACHE/vmlinux-$KVER"
    else
        export VMLINUX="$VMLINUZ"
    fi
    export CHECKPATCH="$CENSPEC_CACHE/checkpatch/checkpatch.pl"
}

censpec_kernel_env
