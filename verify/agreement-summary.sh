#!/usr/bin/env bash
# Sums the chunk reports of verify/agreement-run.sh (verify/target/agreement/*.md, or the
# files given): specs, disagreements, resource limits, modes, and per finding id the findings
# and the specs that have one, as one Markdown table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "$#" -eq 0 ]; then set -- verify/target/agreement/*.md; fi
awk '
/^seeds / { chunks++; specs += $5; dis += $7; lim += $9
            for (i = 1; i <= NF; i++) if ($i == "(slowest") { ms = $(i + 2) + 0; if (ms > slow) { slow = ms; slowseed = $(i + 5); gsub(/[)]/, "", slowseed) } }
            for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/ && $(i + 1) == "s") secs += $i }
/^modes: / { line = $0; sub(/^modes: \{/, "", line); sub(/\};.*/, "", line)
             n = split(line, parts, ", "); for (i = 1; i <= n; i++) { split(parts[i], kv, "="); mode[kv[1]] += kv[2] }
             sup += $NF }
/^\| `/ { id = $2; gsub(/`/, "", id); f[id] += $4; s[id] += $6 }
END {
    printf "%d specs in %d chunks: %d disagreements, %d with a resource limit, %d s of chunk wall time (times the threads per chunk for core time), slowest spec %d ms (seed %s)\n",
        specs, chunks, dis, lim, secs, slow, slowseed
    printf "modes: BASIC %d, BOUNDARY %d, WIDE %d; suppressed findings: %d\n\n", mode["BASIC"], mode["BOUNDARY"],
        mode["WIDE"], sup
    print "| finding id | findings | specs with it |"; print "| --- | --- | --- |"
    for (id in f) printf "| `%s` | %d | %d |\n", id, f[id], s[id] | "sort"
    close("sort")
    exit dis > 0
}' "$@"
