#!/usr/bin/env bash
# Usage: prove/scripts/kernel-config.sh [--arch A] [--kernel K] NAME... [--claims STRING...]
#
# Prints NAME=VALUE for each kernel configuration option NAME (e.g. CONFIG_CMA_SIZE_MBYTES)
# of the kernel kernel-env.sh chooses, read from its build tree's .config ("NAME=" when the
# option is not set). censpec prove predicts the target's memory from them: whether the
# kernel has CMA for the DMA API and the size of its default area when no devicetree
# gives one. After --claims, prints "CLAIMED STRING" for each devicetree compatible STRING
# the kernel image itself contains: a built-in driver may bind a node of that compatible
# (prove gives the board's stand-in importers no such string). Exit 2 when the kernel or its
# .config is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) export CENSPEC_ARCH="${2:?--arch ARCH}"; shift 2 ;;
        --kernel) export CENSPEC_KERNEL="${2:?--kernel KERNEL}"; shift 2 ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || { echo "usage: kernel-config.sh [--arch A] [--kernel K] NAME..." >&2; exit 2; }
# shellcheck source-path=SCRIPTDIR source=kernel-env.sh
. "$here/kernel-env.sh" || exit 2
config="$KDIR/.config"
[ -r "$config" ] || { echo "kernel-config: no $config; run install-deps.sh" >&2; exit 2; }
while [ $# -gt 0 ] && [ "$1" != --claims ]; do
    printf '%s=%s\n' "$1" "$(sed -n "s/^$1=//p" "$config" | tail -n 1)"
    shift
done
[ $# -gt 0 ] || exit 0
shift
[ -r "$VMLINUX" ] || { echo "kernel-config: kernel image $VMLINUX not readable; run install-deps.sh" >&2; exit 2; }
for s in "$@"; do
    if grep -q -a -F -e "$s" "$VMLINUX"; then echo "CLAIMED $s"; fi
done
