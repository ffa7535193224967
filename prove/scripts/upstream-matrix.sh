#!/usr/bin/env bash
# Usage: prove/scripts/upstream-matrix.sh [--examples "NAME..."|--all-examples]
#            [--kernels "SERIES..."] [--arches "ARCH..."] [--clash] [--reuse] [--work DIR]
#
# The longer matrix of issue 25 (docs/proof.md, "The upstream matrix"), kept out of
# ./run-tests for its cost: `censpec prove` of each example (default
# examples/qemu_importers.cen; --all-examples: every examples/*.cen) on every kernel
# series (default 6.1 6.12 7.2) and architecture (default x86_64 arm64), one boot at a
# time under nice -n 10. The kernels come from install-deps.sh / fetch-kernel.sh (run
# first: a kernel missing from the cache is fetched, never skipped).
# Prints one line per cell:
#   matrix: SPEC ARCH SERIES PASS|FAIL selftest P/T importers P/T framework F checks P/F S s
# selftest: the kernel's own heap selftest's checks (every boot, every module heap);
# importers: vivid and vgem driven in the flows' orders, each result against the model;
# framework: dma_heap_add N/N (the production module's heaps in the kernel's dma-heap
# class, rmmod refused) where the kernel exports it (kernel-facts.sh heap_framework=1),
# else "none" with why. A cell FAILS when prove exits non-zero, when the selftest or the
# importers ran nothing or failed a check, or when a kernel with the framework did not
# register through it. --clash also runs heap-clash-test.sh once per kernel series on
# x86-64 (a taken heap name refuses the load: another module's heap on 6.1, the kernel's
# system heap on 6.12 and 7.2, there checked before dma_heap_add).
# --reuse judges a cell already proved in WORK again instead of proving it (its exit
# status and time are kept in the cell's folder), e.g. after an interrupted run.
# Exit 0 every cell passed, 1 a cell failed, 2 setup. Each cell's prove output and JSON
# report are in WORK/<spec>-<arch>-<series>/ (default WORK target/upstream-matrix).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
examples=(qemu_importers) kernels=(6.1 6.12 7.2) arches=(x86_64 arm64) clash=0 reuse=0
work="$root/target/upstream-matrix"
die() { echo "upstream-matrix: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --examples) read -r -a examples <<<"${2:?--examples NAMES}"; shift 2 ;;
        --all-examples) examples=(); for f in "$root"/examples/*.cen; do examples+=("$(basename "$f" .cen)"); done; shift ;;
        --kernels) read -r -a kernels <<<"${2:?--kernels SERIES}"; shift 2 ;;
        --arches) read -r -a arches <<<"${2:?--arches ARCHES}"; shift 2 ;;
        --clash) clash=1; shift ;;
        --reuse) reuse=1; shift ;;
        --work) work="${2:?--work DIR}"; shift 2 ;;
        -h|--help) sed -n '2,26s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
for e in "${examples[@]}"; do [ -f "$root/examples/$e.cen" ] || die "no example examples/$e.cen"; done
for k in "${kernels[@]}"; do case "$k" in 6.1|6.12|7.2) ;; *) die "unknown kernel series '$k' (6.1, 6.12, 7.2)" ;; esac; done
for a in "${arches[@]}"; do case "$a" in x86_64|arm64) ;; *) die "unknown architecture '$a' (x86_64, arm64)" ;; esac; done
mkdir -p "$work"
t_all=$(date +%s)
# install-deps.sh fetches every kernel of the matrix (fetch-kernel.sh) and unpacks the images;
# without root it only checks, and names what is missing.
if [ "$(id -u)" -eq 0 ]; then
    "$here/install-deps.sh" >"$work/install-deps.log" 2>&1 || { tail -n 3 "$work/install-deps.log" >&2; die "install-deps.sh failed (log $work/install-deps.log)"; }
else
    "$here/install-deps.sh" --check >"$work/install-deps.log" 2>&1 || { tail -n 3 "$work/install-deps.log" >&2; die "kernels or packages missing: run prove/scripts/install-deps.sh as root"; }
fi

# check_counts JSON NAME_PREFIX: "passed failed" summed over every check whose name starts
# with NAME_PREFIX in every boot of the prove JSON report (Gson's pretty layout: one field a
# line; a check's "name", then its "passed" and "failed").
check_counts() {
    awk -v want="$2" '
        /^ *"name": / { n = $0; sub(/^ *"name": "/, "", n); sub(/",?$/, "", n); cur = (index(n, want) == 1); next }
        /^ *"passed": / { if (cur) { v = $2; sub(/,/, "", v); p += v }; next }
        /^ *"failed": / { if (cur) { v = $2; sub(/,/, "", v); f += v; cur = 0 }; next }
        END { printf "%d %d\n", p, f }' "$1"
}

failed_cells=()
cell() { # SPEC ARCH SERIES
    local spec="$1" arch="$2" series="$3" dir rc=0 t0 secs facts fw st im total verdict=PASS why=()
    dir="$work/$spec-$arch-$series"
    if [ "$reuse" = 1 ] && [ -f "$dir/exit" ]; then
        read -r rc secs <"$dir/exit"
    else
        rm -rf "$dir"
        mkdir -p "$dir"
        t0=$(date +%s)
        nice -n 10 "$root/censpec" prove --arch "$arch" --kernel "$series" --work "$dir/work" \
            --report "json=$dir/report.json" "$root/examples/$spec.cen" >"$dir/prove.txt" 2>&1 || rc=$?
        secs=$(( $(date +%s) - t0 ))
        echo "$rc $secs" >"$dir/exit"
    fi
    [ "$rc" -eq 0 ] || { verdict=FAIL; why+=("prove exit $rc"); }
    [ "$rc" -ne 2 ] || why+=("$(tail -n 1 "$dir/prove.txt")")
    facts="$("$here/kernel-facts.sh" --arch "$arch" --kernel "$series")"
    if [ -f "$dir/report.json" ]; then
        read -r st_p st_f < <(check_counts "$dir/report.json" "kernel heap selftest")
        read -r im_p im_f < <(check_counts "$dir/report.json" "vivid and vgem driven")
        read -r all_p all_f < <(awk '/^  "summary"/ { s = 1 } s && /"passed":/ { v = $2; sub(/,/, "", v); p = v } s && /"failed":/ { v = $2; sub(/,/, "", v); print p, v; exit }' "$dir/report.json")
    else
        st_p=0 st_f=0 im_p=0 im_f=0 all_p=0 all_f=0
    fi
    [ "$st_p" -gt 0 ] && [ "$st_f" -eq 0 ] || { verdict=FAIL; why+=("selftest $st_p passed, $st_f failed"); }
    [ "$im_p" -gt 0 ] && [ "$im_f" -eq 0 ] || { verdict=FAIL; why+=("importers $im_p passed, $im_f failed"); }
    # The production module's permanent line (init.sh permanent_check), main boot and data boot.
    fw="$(grep -ah 'permanent framework_heaps=' "$dir"/work/boot-*/results.txt 2>/dev/null | head -n 1 |
        sed -n 's/.*framework_heaps=\([0-9]*\/[0-9]*\).*/\1/p' || true)"
    if grep -qx 'heap_framework=1' <<<"$facts"; then
        if [ -n "$fw" ] && [ "${fw%/*}" = "${fw#*/}" ] && [ "${fw%/*}" -gt 0 ]; then
            fw="dma_heap_add $fw"
        else
            verdict=FAIL; why+=("the kernel exports dma_heap_add, the module's heaps did not go through it (${fw:-no permanent line})")
            fw="dma_heap_add ${fw:-missing}"
        fi
    else
        [ -z "$fw" ] || { verdict=FAIL; why+=("heaps in the framework on a kernel without it ($fw)"); }
        fw="none(not-exported)"
    fi
    printf 'matrix: %s %s %s %s selftest %d/%d importers %d/%d framework %s checks %d/%d %d s%s\n' \
        "$spec" "$arch" "$series" "$verdict" "$st_p" "$((st_p + st_f))" "$im_p" "$((im_p + im_f))" \
        "$fw" "$all_p" "$all_f" "$secs" "$([ "${#why[@]}" -eq 0 ] || printf ' (%s)' "$(IFS=';'; echo "${why[*]}")")" |
        tee -a "$work/matrix.txt"
    [ "$verdict" = PASS ] || failed_cells+=("$spec-$arch-$series")
}

: >"$work/matrix.txt"
for spec in "${examples[@]}"; do
    for series in "${kernels[@]}"; do
        for arch in "${arches[@]}"; do cell "$spec" "$arch" "$series"; done
    done
done
if [ "$clash" = 1 ]; then
    for series in "${kernels[@]}"; do
        # x86-64 only: Debian's arm64 kernels have neither the framework nor a system heap,
        # so there the check takes x86-64 6.1's path (another module's heap).
        for arch in x86_64; do
            t0=$(date +%s) rc=0
            nice -n 10 "$here/heap-clash-test.sh" --arch "$arch" --kernel "$series" --work "$work/clash-$arch-$series" \
                >"$work/clash-$arch-$series.txt" 2>&1 || rc=$?
            v=PASS; [ "$rc" -eq 0 ] || { v=FAIL; failed_cells+=("clash-$arch-$series"); }
            printf 'matrix: heap-clash %s %s %s %s %d s\n' "$arch" "$series" "$v" \
                "$(grep -o 'naming [a-z_]*' "$work/clash-$arch-$series.txt" | head -n 1 || echo "exit $rc")" \
                "$(( $(date +%s) - t0 ))" | tee -a "$work/matrix.txt"
        done
    done
fi
echo "upstream-matrix: $(( $(date +%s) - t_all )) s in all; ${#failed_cells[@]} failed${failed_cells[*]:+: ${failed_cells[*]}}" | tee -a "$work/matrix.txt"
[ "${#failed_cells[@]}" -eq 0 ] || exit 1
