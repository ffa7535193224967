#!/usr/bin/env bash
# censpec benchmark: whole `censpec check` processes (JVM start included), the Alloy path
# (default engine: Alloy proof + direct cross-check) and the direct checker side by side in
# the same run, on the boards of issue 13 and on wide single flows, plus the warm path
# (bench/WarmBench.java: a long-lived checker re-checking after a one-line edit).
# Usage: bench/run.sh [RUNS [TIMEOUT_SECONDS]]   (RUNS per cell, default 1; the median is shown;
# TIMEOUT_SECONDS is check's --timeout, default the work budget's own (docs/cli.md, "The work budget");
# CENSPEC_JAR=path/censpec.jar with its lib/ next to it measures another build; CENSPEC_CDS=0 runs
# without the class-data-sharing archive)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-1}"
timeout_s="${2:-}"
out="$root/bench/target"
mkdir -p "$out"
jar="${CENSPEC_JAR:-$root/cli/target/censpec.jar}"
[ -f "$jar" ] || (cd "$root" && mvn -B -q package -DskipTests -pl cli -am)
gen() { java "$root/bench/BoardGenerator.java" "$@"; }
rows=()
gen board 64 17 12 20 "$out/board_64d_17a_20f.cen";               rows+=("board_64d_17a_20f.cen|64 devices, 17 allocators, 12 properties, 20 flows, attach/wait/map/unmap/detach")
gen board 64 17 12 20 "$out/board_64d_17a_20f_norelease.cen" --no-release; rows+=("board_64d_17a_20f_norelease.cen|the same without unmap/detach")
gen board 64 6 12 20 "$out/board_64d_6a_20f.cen";                 rows+=("board_64d_6a_20f.cen|the same with 6 allocators")
gen board 64 17 12 20 "$out/board_64d_17a_20f_buggy30.cen" --buggy 30; rows+=("board_64d_17a_20f_buggy30.cen|the first board, 30% of the flows map too early")
gen board 64 32 12 20 "$out/board_64d_32a_20f.cen";               rows+=("board_64d_32a_20f.cen|64 devices, 32 allocators, 12 properties, 20 flows")
for w in 4x4 5x3 6x3 8x2 12x2 16x2 16x4; do
    gen wide "${w%x*}" "${w#*x}" "$out/wide_$w.cen";               rows+=("wide_$w.cen|one flow, ${w%x*} actors x ${w#*x} devices")
done
gen long 16 32 "$out/long_16x32.cen";                             rows+=("long_16x32.cen|one flow, 16 actors x 32 steps (512, the most a flow may have)")
# The worst spec the size limits admit (issue 29): answered within the default work budget.
gen worst 1 "$out/worst_1.cen";                                   rows+=("worst_1.cen|the worst admitted flow: 16 actors on a share of 16 devices, attach/map/unmap/detach each")
gen worst 64 "$out/worst_64.cen";                                 rows+=("worst_64.cen|64 copies of it (64 flows, the most a spec may have)")
for e in "$root"/examples/*.cen; do cp "$e" "$out/"; rows+=("$(basename "$e")|bundled example"); done

# The launcher's JVM (./censpec): its options and, when the build has one, its class-data-sharing
# archive (made here for a jar that has none yet, as the launcher does after a build).
jvm=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -Xmx2g -Xss8m)
jsa="${jar%.jar}.jsa"
if [ "${CENSPEC_CDS:-1}" = 1 ]; then
    if [ ! -f "$jsa" ] || [ "$jar" -nt "$jsa" ]; then
        "${jvm[@]}" -XX:ArchiveClassesAtExit="$jsa.$$" -jar "$jar" check "$root/examples/rpi4_camera.cen" >/dev/null 2>&1 || true
        mv -f "$jsa.$$" "$jsa" 2>/dev/null || true
    fi
    [ -f "$jsa" ] && jvm+=(-XX:SharedArchiveFile="$jsa")
fi
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# measure ENGINE FILE -> "wall rss_mb summary"
measure() {
    local engine="$1" file="$2" walls=() rss=0 summary=""
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%e %M' -o "$out/time.txt" \
            "${jvm[@]}" -jar "$jar" check --engine "$engine" \
                ${timeout_s:+--timeout "$timeout_s"} "$file" > "$out/out_$engine.txt" 2>&1 || true
        read -r wall kb < <(tail -n 1 "$out/time.txt")
        walls+=("$wall")
        [ "$kb" -gt "$rss" ] && rss=$kb
        summary=$(tail -n 1 "$out/out_$engine.txt")
        if grep -q 'verify\.\(budget\|state-limit\|mismatch\|internal\)' "$out/out_$engine.txt"; then
            summary="$summary ($(grep -o 'verify\.[a-z-]*' "$out/out_$engine.txt" | sort -u | tr '\n' ' ' | sed 's/ $//'))"
        fi
    done
    printf '%s|%d|%s' "$(printf '%s\n' "${walls[@]}" | median)" $((rss / 1024)) "$summary"
}
echo "censpec benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg), java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
echo "JVM: ${jvm[*]}"
java -cp "$(dirname "$jar")/lib/*" "$root/bench/WarmBench.java" --solver 2>/dev/null || echo "Alloy solver: (not reported by this build)"
echo
printf '| spec | what | Alloy path s | Alloy MB | direct s | direct MB | Alloy/direct | Alloy path result | direct result |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
for row in "${rows[@]}"; do
    file="${row%%|*}"; what="${row#*|}"
    IFS='|' read -r aw am as <<< "$(measure alloy "$out/$file")"
    IFS='|' read -r dw dm ds <<< "$(measure direct "$out/$file")"
    ratio=$(awk -v a="$aw" -v d="$dw" 'BEGIN { if (d > 0) printf "%.1fx", a / d; else print "-" }')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$file" "$what" "$aw" "$am" "$dw" "$dm" "$ratio" "$as" "$ds"
done
echo
cp_lib=$(ls "$(dirname "$jar")"/lib/*.jar | tr '\n' ':')
echo "Warm path (one JVM; bench/WarmBench.java): cold check, then a one-line edit re-checked"
/usr/bin/time -f 'warm bench process: %e s wall, %M KB peak RSS' \
    java -XX:+UseSerialGC -cp "$cp_lib" "$root/bench/WarmBench.java" "$out/board_64d_17a_20f.cen" 2>&1
echo
echo "Crowded races on one device (bench/RaceBench.java, one JVM per row: an abandoned solver would slow the next;"
echo "Alloy with the direct checker's findings as candidates; Nb: the last actor has one detach too many, Nm: it maps and"
echo "unmaps first (a borrow), Nu: it unmaps first, Nw: both, in two actors)"
for race in 3 4 6 8 12 16 6b 8b 6m 8m 6u 8u 6w; do
    java -XX:+UseSerialGC -cp "$cp_lib" "$root/bench/RaceBench.java" "${timeout_s:-60}" "$race" 2>&1 | tail -n +$([ "$race" = 3 ] && echo 1 || echo 3)
done
