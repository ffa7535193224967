#!/usr/bin/env bash
# Usage: generated-driver/scripts/build-abi-test.sh OUT
#
# Builds generated-driver/abi-test/heap_abi_test.c into the static binary OUT
# (gcc -static -O2 -Wall -Wextra -Werror). The binary runs in the bare
# initramfs of boot-guest.sh: it tests the dma-heap ABI of the heaps and
# replays ctl-command files (see generated-driver/guest/README.md).
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: build-abi-test.sh OUT" >&2; exit 2; }
out="$1"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../abi-test" && pwd)/heap_abi_test.c"
for h in linux/dma-heap.h linux/dma-buf.h; do
    [ -f "/usr/include/$h" ] || { echo "build-abi-test: /usr/include/$h missing (package linux-libc-dev); run install-deps.sh" >&2; exit 2; }
done
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || { echo "build-abi-test: static libc.a missing (package libc6-dev); run install-deps.sh" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
${CC:-gcc} -static -O2 -Wall -Wextra -Werror -o "$out" "$src"
echo "build-abi-test: OK: $out" >&2
