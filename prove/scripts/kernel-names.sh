#!/usr/bin/env bash
# Usage: prove/scripts/kernel-names.sh [--check] [OUT]
#
# The Linux names a generated module's tables could collide with: every macro and every
# identifier the headers of <spec>_spec.c declare (the #include lines of the kernel
# templates tables.stg and headers.stg, the runtime's cen_core.h included), on each kernel
# censpec builds for (x86_64 and arm64, Debian 6.1 and 6.12), kept when it has the shape of
# a name the templates derive (docs/language.md, "Generated names"): a header guard
# _..._H, an upper-case name with _PROP_, _ALLOC_, _DEV_, _SHARE_ or _HEAP_ in it or ending
# in a fixed suffix (_NR_DEVICES, _ALL_ALLOCATORS, _MAX_LEN...), a lower-case one ending in
# _register_device, _unregister_device, _property, _allocator, _device or _share; and the
# stems of Kbuild's own variables (obj in obj-y, ccflags in ccflags-y: a spec named so
# would write them). CONFIG_* is left out: the check refuses that whole namespace.
#
# Writes OUT (default: the model's resource the check reads); with --check, compares
# instead and exits 1 when the committed list is out of date. Needs the kernels of
# install-deps.sh; exits 2 naming what is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/model/src/main/resources/org/censpec/model/check/kernel-names.txt"
check=0
case "${1:-}" in --check) check=1; shift ;; esac
[ $# -gt 0 ] && out="$1"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
probe="$work/probe"
mkdir -p "$probe"
# The includes of the generated tables and headers, minus the generated headers themselves.
grep -h '^#include' "$root"/codegen/src/main/resources/org/censpec/codegen/kernel/{tables,headers}.stg |
    sed 's/\\</</' | grep -v '<d\.' | sort -u > "$probe/probe.c"
grep -q '"cen_core.h"' "$probe/probe.c" || { echo "kernel-names: the templates no longer include cen_core.h" >&2; exit 2; }
cp "$root/kernel-runtime/cen_core.h" "$probe/"
echo 'obj-m += probe.o' > "$probe/Kbuild"

names="$work/names"
: > "$names"
for target in x86_64/6.1 x86_64/6.12 arm64/6.1 arm64/6.12; do
    arch="${target%/*}" kernel="${target#*/}"
    # shellcheck source-path=SCRIPTDIR source=kernel-env.sh
    CENSPEC_ARCH="$arch" CENSPEC_KERNEL="$kernel" . "$root/prove/scripts/kernel-env.sh" ||
        { echo "kernel-names: kernel $arch $kernel missing; run prove/scripts/install-deps.sh" >&2; exit 2; }
    rm -f "$probe"/probe.i "$probe"/.probe.i.cmd
    # shellcheck disable=SC2086  # KMAKE_ARGS is a word list
    if ! make -s -C "$KDIR" M="$probe" $KMAKE_ARGS probe.i >"$work/make.log" 2>&1; then
        cat "$work/make.log" >&2
        echo "kernel-names: preprocessing failed on $arch $kernel" >&2
        exit 2
    fi
    cmd="$(sed -n '1s/^cmd_[^ ]* := //p' "$probe/.probe.i.cmd")"
    cmd="${cmd/ -E / -E -dM }"
    cmd="${cmd/-o $probe\/probe.i/-o $probe/macros}"
    (cd "$KDIR" && eval "$cmd")
    awk '$1 == "#define" { sub(/\(.*/, "", $2); print $2 }' "$probe/macros" >> "$names"
    grep -v '^#' "$probe/probe.i" | grep -oE '\b[A-Za-z_][A-Za-z0-9_]*\b' >> "$names"
    grep -ohE '\b[a-z][a-z0-9_]*-(y|m|objs)\b' "$KDIR"/scripts/Makefile* "$KDIR"/Makefile 2>/dev/null |
        sed -E 's/-(y|m|objs)$//' | sed 's/^/kbuild:/' >> "$names"
done
shape='^_[A-Za-z0-9_]*_H$|^[A-Z0-9_]+_(PROP|ALLOC|DEV|SHARE|HEAP)_[A-Z0-9_]+$'
shape="$shape"'|_(NR_PROPERTIES|NR_ALLOCATORS|NR_DEVICES|NR_SHARES|NR_HEAPS|ALL_ALLOCATORS|MAX_LEN|HEAP_NAME)$'
shape="$shape"'|_(register_device|unregister_device|property|allocator|device|share)$|^cen_match_|^kbuild:'
{
    echo "# Linux names a generated module could collide with (prove/scripts/kernel-names.sh):"
    echo "# x86_64 and arm64, Debian 6.1 and 6.12; kbuild:STEM is a Kbuild variable STEM-y/-m/-objs."
    sort -u "$names" | grep -E "$shape" | grep -v '^CONFIG_' || true
} > "$work/kernel-names.txt"
if [ "$check" = 1 ]; then
    if ! diff -u "$out" "$work/kernel-names.txt" > "$work/diff"; then
        head -40 "$work/diff" >&2
        echo "kernel-names: $out is out of date; run prove/scripts/kernel-names.sh" >&2
        exit 1
    fi
    echo "kernel-names: $out is up to date ($(grep -vc '^#' "$out") names)"
    exit 0
fi
mkdir -p "$(dirname "$out")"
cp "$work/kernel-names.txt" "$out"
echo "kernel-names: wrote $out ($(grep -vc '^#' "$out") names)"
