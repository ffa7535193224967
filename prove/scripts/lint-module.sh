#!/usr/bin/env bash
# Usage: prove/scripts/lint-module.sh SRC_DIR
#
# Static checks for the module source in SRC_DIR (not modified):
#   sparse      make C=2 W=1 modules, once plain and once with CENSPEC_TEST=1,
#               in a scratch copy; gate: zero warnings/errors.
#   checkpatch  checkpatch.pl --strict --no-tree -f on every *.c and *.h (recursive);
#               gate: zero errors, warnings and checks.
# Prints one summary line per tool and a final LINT line; exit 1 if a gate
# fails, 2 on usage/setup errors. Needs install-deps.sh to have run.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: lint-module.sh SRC_DIR" >&2; exit 2; }
src="$(cd "$1" && pwd)" || { echo "lint-module: '$1' not found" >&2; exit 2; }

# shellcheck source-path=SCRIPTDIR source=kernel-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/kernel-env.sh"
[ -x "$(command -v sparse)" ] || { echo "lint-module: sparse not installed; run install-deps.sh" >&2; exit 2; }
[ -f "$CHECKPATCH" ] || { echo "lint-module: $CHECKPATCH missing; run install-deps.sh" >&2; exit 2; }

mapfile -t files < <(cd "$src" && find . -type f \( -name '*.c' -o -name '*.h' \) ! -name '*.mod.c' | sed 's|^\./||' | sort)
[ "${#files[@]}" -gt 0 ] || { echo "lint-module: no .c/.h files in $src" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/censpec-lint.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail=0

# ---- sparse -----------------------------------------------------------------
sparse_total=0
for variant in plain test; do
    dir="$work/$variant"
    mkdir -p "$dir"
    ( cd "$src" && find . -type f \( -name '*.c' -o -name '*.h' -o -name '*.kbuild' -o -name Kbuild -o -name Makefile \) ! -name '*.mod.c' -print0 |
        cpio --null -pdm --quiet "$dir" )
    args=(-C "$KDIR" "M=$dir" C=2 W=1)
    [ "$variant" = test ] && args+=(CENSPEC_TEST=1)
    if ! make "${args[@]}" modules >"$work/sparse-$variant.log" 2>&1; then
        cat "$work/sparse-$variant.log" >&2
        echo "lint-module: sparse ($variant): make failed" >&2
        fail=1
        continue
    fi
    found="$(grep -E '(^|: )(warning|error):' "$work/sparse-$variant.log" | sed "s|$dir/||" || true)"
    n=0
    [ -z "$found" ] || n=$(printf '%s\n' "$found" | wc -l)
    [ -z "$found" ] || printf '%s\n' "$found" | sed "s/^/C=2 build ($variant): /"
    sparse_total=$((sparse_total + n))
done
[ "$sparse_total" -eq 0 ] || fail=1
echo "lint-module: sparse + gcc W=1: $sparse_total warning(s)/error(s) (C=2, plain + CENSPEC_TEST=1 builds)"

# ---- checkpatch -------------------------------------------------------------
cp_err=0 cp_warn=0 cp_chk=0
for f in "${files[@]}"; do
    outp="$(perl "$CHECKPATCH" --strict --no-tree --show-types --color=never -f "$src/$f" 2>&1 || true)"
    total="$(printf '%s\n' "$outp" | grep -E '^total: [0-9]+ errors, [0-9]+ warnings, [0-9]+ checks' | tail -n 1 || true)"
    if [ -z "$total" ]; then
        printf '%s\n' "$outp" >&2
        echo "lint-module: checkpatch gave no total for $f" >&2
        fail=1
        continue
    fi
    read -r e w c < <(printf '%s\n' "$total" | sed -E 's/^total: ([0-9]+) errors, ([0-9]+) warnings, ([0-9]+) checks.*/\1 \2 \3/')
    if [ $((e + w + c)) -gt 0 ]; then
        printf '%s\n' "$outp" | grep -E '^(ERROR|WARNING|CHECK):|^#[0-9]+: FILE:' | sed "s|$src/||; s/^/checkpatch($f): /"
    fi
    cp_err=$((cp_err + e)) cp_warn=$((cp_warn + w)) cp_chk=$((cp_chk + c))
done
[ $((cp_err + cp_warn + cp_chk)) -eq 0 ] || fail=1
echo "lint-module: checkpatch --strict: $cp_err error(s), $cp_warn warning(s), $cp_chk check(s) in ${#files[@]} file(s)"

if [ "$fail" = 0 ]; then
    echo "LINT OK: $src (sparse 0, checkpatch 0/0/0)"
else
    echo "LINT FAILED: $src"
    exit 1
fi
