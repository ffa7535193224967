#!/usr/bin/env bash
# Usage: prove/scripts/build-test-importer.sh [--arch A] [--kernel K] OUT_DIR
#
# Builds the devicetree test importer (prove/test-importer: the
# platform driver censpec_test_importer.ko, W=1-clean, for the kernel of
# kernel-env.sh) and its static guest program importer_check into OUT_DIR.
# Prints the .ko path, then the program's path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
args=()
while [ $# -gt 1 ]; do
    case "$1" in
        --arch) export CENSPEC_ARCH="${2:?}"; shift 2 ;;
        --kernel) export CENSPEC_KERNEL="${2:?}"; shift 2 ;;
        *) echo "usage: build-test-importer.sh [--arch A] [--kernel K] OUT_DIR" >&2; exit 2 ;;
    esac
done
[ $# -eq 1 ] || { echo "usage: build-test-importer.sh [--arch A] [--kernel K] OUT_DIR" >&2; exit 2; }
out="$1"
src="$here/../test-importer"
# shellcheck source-path=SCRIPTDIR source=kernel-env.sh
. "$here/kernel-env.sh" || exit 2
ko="$("$here/build-module.sh" "$src" "$out/module" "${args[@]}")"
command -v "$CENSPEC_TARGET_CC" >/dev/null || { echo "build-test-importer: $CENSPEC_TARGET_CC missing; run install-deps.sh" >&2; exit 2; }
"$CENSPEC_TARGET_CC" -static -O2 -Wall -Wextra -Werror -I"$src" -o "$out/importer_check" "$src/importer_check.c"
printf '%s\n%s\n' "$ko" "$out/importer_check"
