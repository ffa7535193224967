#!/usr/bin/env bash
# The long fuzzing run (docs/fuzzing.md): SpecFuzzTest#fuzzLong, in JOBS Jazzer processes at
# once (default: one per core), each for DURATION seconds, all starting from the committed
# seeds plus the corpus earlier runs grew (cli/.cifuzz-corpus/). Each job's libFuzzer log is
# cli/target/fuzz-long-N.log; the script sums the inputs executed and fails on a crash.
#   cli/fuzz-long.sh [DURATION_SECONDS] [JOBS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
duration=${1:-3600} jobs=${2:-$(nproc)}
mvn -B -q -pl cli -am install -DskipTests
seeds=cli/src/test/resources/org/censpec/cli/SpecFuzzTestInputs/fuzz
grown=cli/.cifuzz-corpus/org.censpec.cli.SpecFuzzTest
mkdir -p "$grown/fuzzLong" cli/target
cp -n "$seeds"/* "$grown/fuzzLong/"
[ ! -d "$grown/fuzz" ] || cp -n "$grown/fuzz"/* "$grown/fuzzLong/" 2>/dev/null || true
pids=()
for ((j = 1; j <= jobs; j++)); do
    # Jazzer stops at the annotation's maxDuration (8 h); timeout ends the job at DURATION
    timeout --signal=INT --kill-after=60 "$duration" \
        mvn -B -pl cli surefire:test@fuzz-short -Dcenspec.fuzz.long=true \
        -Dcenspec.fuzz.test='SpecFuzzTest#fuzzLong' -Dcenspec.fuzz.reports="target/fuzz-long-reports-$j" \
        > "cli/target/fuzz-long-$j.log" 2>&1 &
    pids+=($!)
done
rc=0
for p in "${pids[@]}"; do
    # 124: stopped by timeout at DURATION, the expected end
    wait "$p" || { r=$?; [ "$r" -eq 124 ] || rc=$r; }
done
total=0
for ((j = 1; j <= jobs; j++)); do
    log="cli/target/fuzz-long-$j.log"
    n=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    echo "fuzz-long: job $j: ${n:-0} inputs; $(grep -aE '^#[0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+')"
    total=$((total + ${n:-0}))
    if grep -aqE 'Java Exception|==ERROR|crash-|AssertionError|FuzzTestFindingException' "$log"; then
        echo "fuzz-long: job $j found a failure; see $log (the input is in" \
            "cli/src/test/resources/org/censpec/cli/SpecFuzzTestInputs/fuzzLong/: move it into fuzz/ with the fix)" >&2
        rc=1
    fi
done
echo "fuzz-long: $total inputs executed in $jobs jobs of ${duration} s"
exit "$rc"
