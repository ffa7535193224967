#!/usr/bin/env bash
# Usage: prove/scripts/build-module.sh [--arch ARCH] [--kernel KERNEL] SRC_DIR OUT_DIR [--test]
#
# Copies the module source tree in SRC_DIR (Kbuild, Makefile, *.kbuild, *.c, *.h, with
# subdirectories such as uapi/) into
# OUT_DIR and builds it out of tree (kernel-env.sh's censpec_make) against the kbuild tree of the kernel
# --arch/--kernel name (see kernel-env.sh; default x86_64 6.1; arm64 is
# cross-compiled with ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) with W=1 (plus
# CENSPEC_TEST=1 with --test, which compiles the stand-in devices and the
# control device). Fails if make fails or the compiler prints any warning.
# OUT_DIR must be empty, missing, or an earlier OUT_DIR of this script (it is
# then wiped). The log is OUT_DIR/build.log; the built .ko paths are printed
# on stdout, one per line.
set -euo pipefail

usage() { echo "usage: build-module.sh [--arch ARCH] [--kernel KERNEL] SRC_DIR OUT_DIR [--test]" >&2; exit 2; }
pos=() test_build=0
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) export CENSPEC_ARCH="${2:?--arch ARCH}"; shift 2 ;;
        --kernel) export CENSPEC_KERNEL="${2:?--kernel KERNEL}"; shift 2 ;;
        --test) test_build=1; shift ;;
        -*) usage ;;
        *) pos+=("$1"); shift ;;
    esac
done
[ "${#pos[@]}" -eq 2 ] || usage
src="${pos[0]}" out="${pos[1]}"
[ -d "$src" ] || { echo "build-module: source dir '$src' not found" >&2; exit 2; }
[ -e "$src/Kbuild" ] || [ -e "$src/Makefile" ] || { echo "build-module: '$src' has no Kbuild or Makefile" >&2; exit 2; }

# shellcheck source-path=SCRIPTDIR source=kernel-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/kernel-env.sh" || exit 2
[ -d "$KDIR" ] || { echo "build-module: kbuild tree $KDIR missing; run install-deps.sh" >&2; exit 2; }

marker=.censpec-build-dir
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then
    [ -e "$out/$marker" ] || { echo "build-module: OUT_DIR '$out' is not empty and was not made by build-module.sh; refusing to wipe it" >&2; exit 2; }
    rm -rf "${out:?}"/* "${out:?}"/.[!.]*
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
touch "$out/$marker"
# Copy only the source tree (no stale objects from SRC_DIR), keeping subdirs
# such as uapi/.
( cd "$src" && find . -type f \( -name '*.c' -o -name '*.h' -o -name '*.kbuild' -o -name Kbuild -o -name Makefile \) ! -name '*.mod.c' -print0 |
    cpio --null -pdm --quiet "$out" )

if [ -n "$KMAKE_ARGS" ] && [ -z "$KTOOLROOT" ]; then
    command -v aarch64-linux-gnu-gcc >/dev/null || { echo "build-module: aarch64-linux-gnu-gcc missing (package gcc-aarch64-linux-gnu); run install-deps.sh" >&2; exit 2; }
fi
if [ -z "$KTOOLROOT" ] && grep -q '^CONFIG_DEBUG_INFO_BTF_MODULES=y' "$KDIR/.config" 2>/dev/null && ! command -v pahole >/dev/null; then
    echo "build-module: pahole missing (package dwarves; $KVER makes BTF for modules); run install-deps.sh" >&2; exit 2
fi
# shellcheck disable=SC2206  # KMAKE_ARGS is a word list
args=(-C "$KDIR" "M=$out" W=1 -j"$(nproc)" $KMAKE_ARGS)
[ "$test_build" = 1 ] && args+=(CENSPEC_TEST=1)
log="$out/build.log"
start=$(date +%s.%N)
# (in the kernel's toolchain root when this machine's compiler is not the one it was built with)
if ! censpec_make "${args[@]}" modules >"$log" 2>&1; then
    cat "$log" >&2
    echo "build-module: FAILED: make ${args[*]} modules (log: $log)" >&2
    exit 1
fi
end=$(date +%s.%N)
warnings="$(grep -E '(^|: )(warning|error):|^WARNING: modpost' "$log" || true)"
if [ -n "$warnings" ]; then
    printf '%s\n' "$warnings" >&2
    echo "build-module: FAILED: $(printf '%s\n' "$warnings" | wc -l) compiler warning(s) with W=1 (log: $log)" >&2
    exit 1
fi
mapfile -t kos < <(find "$out" -maxdepth 1 -name '*.ko' | sort)
[ "${#kos[@]}" -gt 0 ] || { echo "build-module: FAILED: no .ko produced (log: $log)" >&2; exit 1; }
printf 'build-module: OK: %d module(s), 0 warnings, %.1f s (KVER=%s%s)\n' "${#kos[@]}" \
    "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" "$KARCH $KVER" "$([ "$test_build" = 1 ] && echo ', CENSPEC_TEST=1')" >&2
printf '%s\n' "${kos[@]}"
