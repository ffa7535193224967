#!/usr/bin/env bash
# Usage: prove/scripts/heap-clash-test.sh [--arch ARCH] [--kernel KERNEL] [--work DIR]
#
# A heap name that is taken refuses the module's load with one log line naming
# it, and nothing of the module stays registered (docs/kernel-module.md, "Heap
# framework"). Boots the kernel (kernel-env.sh; default x86_64 6.1) once:
# the runtime_paths test build is loaded first (boot-guest.sh --preload), then
# the production module of generated-driver/src/test/resources/specs/
# heap_clash.cen, whose share's aliases are "system" and "runtime_paths",
# must be refused (boot-guest.sh --refused) naming "system" where the kernel
# has its own system heap (kernel-facts.sh), else "runtime_paths", another
# module's heap. Its own two heaps come first in its table: on a kernel with
# the dma-heap framework they would stay registered for good had the names
# not been checked first. Then the production module of rfc_regressions.cen, whose
# names are free, must load beside the first with a clean log and unload: on a
# kernel without the framework the first holds the class dma_heap, and the
# second makes misc devices without sysfs's duplicate-name stack dump.
# Exit 0 pass, 1 fail, 2 setup. Stage times printed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${TMPDIR:-/tmp}/censpec-heap-clash"
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) export CENSPEC_ARCH="${2:?--arch ARCH}"; shift 2 ;;
        --kernel) export CENSPEC_KERNEL="${2:?--kernel KERNEL}"; shift 2 ;;
        --work) work="${2:?--work DIR}"; shift 2 ;;
        *) echo "usage: heap-clash-test.sh [--arch ARCH] [--kernel KERNEL] [--work DIR]" >&2; exit 2 ;;
    esac
done
specs="$root/generated-driver/src/test/resources/specs"
rm -rf "$work"
mkdir -p "$work"
t0=$(date +%s)
for s in runtime_paths heap_clash rfc_regressions; do
    "$root/censpec" generate -o "$work/gen-$s" "$specs/$s.cen" >"$work/generate-$s.log" 2>&1 ||
        { cat "$work/generate-$s.log" >&2; echo "heap-clash-test: censpec generate $s failed" >&2; exit 2; }
done
standin="$("$here/build-module.sh" "$work/gen-runtime_paths/kernel" "$work/build-runtime_paths" --test | tail -n 1)"
clash="$("$here/build-module.sh" "$work/gen-heap_clash/kernel" "$work/build-heap_clash" | tail -n 1)"
second="$("$here/build-module.sh" "$work/gen-rfc_regressions/kernel" "$work/build-rfc_regressions" | tail -n 1)"
echo "heap-clash-test: generated and built in $(( $(date +%s) - t0 )) s" >&2
taken=runtime_paths
# (read whole first: grep -q closing the pipe early would fail it under pipefail)
facts="$("$here/kernel-facts.sh")"
if grep -qx 'system_heap=1' <<<"$facts"; then taken=system; fi
t1=$(date +%s)
rc=0
"$here/boot-guest.sh" --out "$work/boot" --no-abi --preload "$standin" --module "$clash" --refused "$taken" \
    --module "$second" || rc=$?
echo "heap-clash-test: boot in $(( $(date +%s) - t1 )) s" >&2
grep '^@@CENSPEC \(REFUSED\|RESULT\)' "$work/boot/results.txt" || true
if [ "$rc" -eq 0 ]; then
    echo "heap-clash-test: PASS: heap_clash refused, naming $taken, nothing left registered; rfc_regressions loaded beside the first, clean log"
else
    echo "heap-clash-test: FAILED (boot-guest exit $rc; log $work/boot/serial.log)"
    exit 1
fi
