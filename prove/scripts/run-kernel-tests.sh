#!/usr/bin/env bash
# Usage: prove/scripts/run-kernel-tests.sh SRC_DIR OUT_DIR [--replay FILE]...
#            [--mem SIZE]... [--abi-opts "OPTS"] [--timeout SECS] [--no-lint]
#
# The whole real-kernel check of one generated module source tree, in order:
# install-deps.sh --check, lint-module.sh SRC_DIR, build-module.sh (plain
# build, then the CENSPEC_TEST=1 build that is booted), build-abi-test.sh,
# then boot-guest.sh once per --mem (default: 512M and 5G, the latter so that
# pages above 4 GiB exist) with all --replay files. Results go to
# OUT_DIR/{build,build-test,guest-<mem>}/; a summary with timings is printed
# and written to OUT_DIR/summary.txt. --abi-opts defaults to
# "--max-contig 4194304" (buddy-backed contiguous allocators stop at 4 MiB).
# Exit 0 if every step passed, else the exit code of the first failing step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() { echo "usage: run-kernel-tests.sh SRC_DIR OUT_DIR [--replay FILE]... [--mem SIZE]... [--abi-opts OPTS] [--timeout SECS] [--no-lint]" >&2; exit 2; }
[ $# -ge 2 ] || usage
src="$1" out="$2"
shift 2
replay_args=() mems=() abi_opts="--max-contig 4194304" timeout_s=180 lint=1
while [ $# -gt 0 ]; do
    case "$1" in
        --replay) replay_args+=(--replay "${2:?--replay FILE}"); shift 2 ;;
        --mem) mems+=("${2:?--mem SIZE}"); shift 2 ;;
        --abi-opts) abi_opts="${2?--abi-opts OPTS}"; shift 2 ;;
        --timeout) timeout_s="${2:?--timeout SECS}"; shift 2 ;;
        --no-lint) lint=0; shift ;;
        *) usage ;;
    esac
done
[ "${#mems[@]}" -gt 0 ] || mems=(512M 5G)
mkdir -p "$out"
out="$(cd "$out" && pwd)"
summary="$out/summary.txt"
: >"$summary"
exec 3>&1 # the summary lines go to the original stdout even when a step's stdout is redirected
first_rc=0

now() { date +%s.%N; }
step() { # NAME CMD... : runs, records "NAME ok|FAILED(rc) seconds"
    local name="$1" s e rc=0
    shift
    s=$(now)
    "$@" || rc=$?
    e=$(now)
    printf '%-24s %-12s %6.1f s\n' "$name" "$([ "$rc" = 0 ] && echo ok || echo "FAILED($rc)")" \
        "$(awk -v a="$s" -v b="$e" 'BEGIN { print b - a }')" | tee -a "$summary" >&3
    [ "$rc" = 0 ] || [ "$first_rc" != 0 ] || first_rc=$rc
    return "$rc"
}

step install-deps "$here/install-deps.sh" --check || { cat "$summary"; exit "$first_rc"; }
if [ "$lint" = 1 ]; then
    step lint "$here/lint-module.sh" "$src" || true
fi
step build "$here/build-module.sh" "$src" "$out/build" >/dev/null || true
step build-test "$here/build-module.sh" "$src" "$out/build-test" --test >"$out/build-test.kos" || { cat "$summary"; exit "$first_rc"; }
step build-abi-test "$here/build-abi-test.sh" "$out/heap_abi_test" || { cat "$summary"; exit "$first_rc"; }

mod_args=()
while IFS= read -r ko; do mod_args+=(--module "$ko"); done <"$out/build-test.kos"
# All replays belong to the first module (a generated spec builds one module).
boot_args=("${mod_args[@]:0:2}" "${replay_args[@]}" "${mod_args[@]:2}")
for mem in "${mems[@]}"; do
    step "boot-$mem" "$here/boot-guest.sh" --out "$out/guest-$mem" --mem "$mem" \
        --timeout "$timeout_s" --abi-test "$out/heap_abi_test" --abi-opts "$abi_opts" \
        "${boot_args[@]}" || true
done
echo "---" | tee -a "$summary"
if [ "$first_rc" = 0 ]; then
    echo "run-kernel-tests: PASS ($src)" | tee -a "$summary"
else
    echo "run-kernel-tests: FAILED ($src; see $summary)" | tee -a "$summary"
fi
exit "$first_rc"
