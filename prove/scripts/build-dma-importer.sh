#!/usr/bin/env bash
# Usage: prove/scripts/build-dma-importer.sh [--arch A] [--kernel K] OUT_DIR
#
# Builds the DMA importer of the data-visible proof (prove/dma-importer: the
# module censpec_dma_importer.ko, W=1-clean, for the kernel of kernel-env.sh)
# and its static guest program data_check (prove/abi-test/data_check*.c) into
# OUT_DIR. Prints the .ko path, then the program's path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() { echo "usage: build-dma-importer.sh [--arch A] [--kernel K] OUT_DIR" >&2; exit 2; }
while [ $# -gt 1 ]; do
    case "$1" in
        --arch) export CENSPEC_ARCH="${2:?}"; shift 2 ;;
        --kernel) export CENSPEC_KERNEL="${2:?}"; shift 2 ;;
        *) usage ;;
    esac
done
[ $# -eq 1 ] || usage
out="$1"
src="$here/../dma-importer"
guest="$here/../abi-test"
# shellcheck source-path=SCRIPTDIR source=kernel-env.sh
. "$here/kernel-env.sh" || exit 2
ko="$("$here/build-module.sh" "$src" "$out/module")"
command -v "$CENSPEC_TARGET_CC" >/dev/null || { echo "build-dma-importer: $CENSPEC_TARGET_CC missing; run install-deps.sh" >&2; exit 2; }
"$CENSPEC_TARGET_CC" -static -O2 -Wall -Wextra -Werror -I"$src" -o "$out/data_check" \
    "$guest/data_check.c" "$guest/data_check_parse.c" "$guest/data_check_measure.c" \
    "$guest/data_check_iommu.c"
printf '%s\n%s\n' "$ko" "$out/data_check"
