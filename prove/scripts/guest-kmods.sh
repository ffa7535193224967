#!/usr/bin/env bash
# Usage: prove/scripts/guest-kmods.sh KMODULES OUT_DIR NAME...
#
# Copies the kernel modules NAME... of the kernel whose module tree is
# KMODULES (kernel-env.sh), with every module they depend on (modinfo's
# depends=, followed recursively), into OUT_DIR as plain NAME.ko files
# (Debian 7.x ships them xz-compressed; the guest's busybox insmod reads plain
# ones), and prints their names in an order that loads each module after the
# ones it depends on. Exit 2 when a module is not in KMODULES.
set -euo pipefail

die() { echo "guest-kmods: $*" >&2; exit 2; }
[ $# -ge 3 ] || die "usage: guest-kmods.sh KMODULES OUT_DIR NAME..."
kmods="$1" out="$2"
shift 2
[ -d "$kmods/kernel" ] || die "no module tree $kmods/kernel"
command -v modinfo >/dev/null || PATH="$PATH:/sbin:/usr/sbin"
command -v modinfo >/dev/null || die "modinfo missing (package kmod)"
mkdir -p "$out"

# find_ko NAME: the module's file (names use - and _ interchangeably).
find_ko() {
    local alt="${1//_/-}" alt2="${1//-/_}"
    find "$kmods/kernel" \( -name "$1.ko*" -o -name "$alt.ko*" -o -name "$alt2.ko*" \) -print -quit
}

declare -A seen=()
order=()
# visit NAME: depth first, dependencies first.
visit() {
    local name="$1" f deps d
    [ -z "${seen[$name]:-}" ] || return 0
    seen[$name]=1
    f="$(find_ko "$name")"
    [ -n "$f" ] || die "$kmods has no module $name"
    deps="$(modinfo -F depends "$f")"
    for d in ${deps//,/ }; do visit "$d"; done
    case "$f" in
        *.ko) cp "$f" "$out/$name.ko" ;;
        *.ko.xz) xz -dc "$f" >"$out/$name.ko" ;;
        *.ko.zst) zstd -dcq "$f" >"$out/$name.ko" ;;
        *.ko.gz) gzip -dc "$f" >"$out/$name.ko" ;;
        *) die "unknown module file $f" ;;
    esac
    order+=("$name")
}
for n in "$@"; do visit "$n"; done
printf '%s\n' "${order[@]}"
