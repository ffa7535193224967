#!/usr/bin/env bash
# censpec benchmark: `check` wall time and peak RSS, Alloy path and direct checker side by
# side, on the bundled examples and on generated boards of 8, 16, 32 and 64 devices with 5
# and 20 flows, plus a 64/20 board where 30% of the flows map too early. Each figure is one
# whole `censpec check` process (JVM start included).
# Usage: bench/run.sh [RUNS]   (RUNS per cell, default 3; the median is reported)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
out="$root/bench/target"
mkdir -p "$out"
jar="$root/cli/target/censpec.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q install -DskipTests)
specs=("$root"/examples/*.cen)
for d in 8 16 32 64; do
    for f in 5 20; do
        java "$root/bench/BoardGenerator.java" "$d" "$f" "$out/board_${d}_${f}.cen"
        specs+=("$out/board_${d}_${f}.cen")
    done
done
java "$root/bench/BoardGenerator.java" 64 20 "$out/board_64_20_buggy30.cen" 30
specs+=("$out/board_64_20_buggy30.cen")
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '| spec | engine | wall s (median of %s) | peak RSS MB | findings |\n| --- | --- | --- | --- | --- |\n' "$runs"
for s in "${specs[@]}"; do
    for engine in alloy direct; do
        walls=(); rss=0; summary=""
        for _ in $(seq "$runs"); do
            /usr/bin/time -f '%e %M' -o "$out/time.txt" \
                java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" check --engine "$engine" "$s" \
                > "$out/out.txt" 2>&1 || true
            read -r wall kb < "$out/time.txt"
            walls+=("$wall")
            [ "$kb" -gt "$rss" ] && rss=$kb
            summary=$(tail -n 1 "$out/out.txt")
        done
        med=$(printf '%s\n' "${walls[@]}" | median)
        printf '| %s | %s | %s | %d | %s |\n' "$(basename "$s")" "$engine" "$med" $((rss / 1024)) "$summary"
    done
done
