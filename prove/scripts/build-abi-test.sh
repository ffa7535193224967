#!/usr/bin/env bash
# Usage: prove/scripts/build-abi-test.sh [--arch x86_64|arm64] OUT
#
# Builds prove/abi-test/heap_abi_test.c into the static binary OUT,
# heap_stress.c (the concurrent-load --run program) and importer_drive.c (the
# upstream importers vivid and vgem driven by an importer plan) into OUT's folder
# (gcc -static -O2 -Wall -Wextra -Werror; aarch64-linux-gnu-gcc for arm64,
# default the CENSPEC_ARCH of kernel-env.sh, else x86_64). The binary runs in
# the bare initramfs of boot-guest.sh: it tests the dma-heap ABI of the heaps
# and replays ctl-command files (see prove/guest/README.md).
set -euo pipefail

usage() { echo "usage: build-abi-test.sh [--arch x86_64|arm64] OUT" >&2; exit 2; }
arch="${CENSPEC_ARCH:-x86_64}"
if [ "${1:-}" = --arch ]; then arch="${2:-}"; shift 2 || usage; fi
[ $# -eq 1 ] || usage
out="$1"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../abi-test" && pwd)/heap_abi_test.c"
case "$arch" in
    x86_64) cc="${CC:-gcc}" inc=/usr/include libc=/usr/lib/x86_64-linux-gnu/libc.a pkg=libc6-dev hdrpkg=linux-libc-dev ;;
    arm64|aarch64) cc=aarch64-linux-gnu-gcc inc=/usr/aarch64-linux-gnu/include libc=/usr/aarch64-linux-gnu/lib/libc.a
        pkg=libc6-dev-arm64-cross hdrpkg=linux-libc-dev-arm64-cross
        command -v "$cc" >/dev/null || { echo "build-abi-test: $cc missing (package gcc-aarch64-linux-gnu); run install-deps.sh" >&2; exit 2; } ;;
    *) echo "build-abi-test: unknown architecture '$arch'" >&2; exit 2 ;;
esac
for h in linux/dma-heap.h linux/dma-buf.h; do
    [ -f "$inc/$h" ] || { echo "build-abi-test: $inc/$h missing (package $hdrpkg); run install-deps.sh" >&2; exit 2; }
done
[ -f "$libc" ] || { echo "build-abi-test: static $libc missing (package $pkg); run install-deps.sh" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
"$cc" -static -O2 -Wall -Wextra -Werror -o "$out" "$src"
"$cc" -static -O2 -Wall -Wextra -Werror -pthread -o "$(dirname "$out")/heap_stress" "$(dirname "$src")/heap_stress.c"
"$cc" -static -O2 -Wall -Wextra -Werror -o "$(dirname "$out")/importer_drive" "$(dirname "$src")/importer_drive.c"
echo "build-abi-test: OK: $out and $(dirname "$out")/heap_stress ($arch)" >&2
