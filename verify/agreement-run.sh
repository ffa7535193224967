#!/usr/bin/env bash
# The long agreement run (docs/alloy-encoding.md, "Agreement at scale"): Alloy against the
# direct checker, whole findings, on RandomSpecs.generateMixed seeds, in chunks whose reports
# land in verify/target/agreement/ (a stopped run keeps every finished chunk).
#   verify/agreement-run.sh [FIRST_SEED] [COUNT] [CHUNK] [THREADS]
# At the end verify/agreement-summary.sh sums every chunk report in that folder (earlier runs'
# included). Exit 0 when both engines agreed on every spec, 1 on a disagreement (the seed is printed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
first=${1:-0} count=${2:-100000} chunk=${3:-5000} threads=${4:-$(nproc)}
# one session: the reactor resolves model and grammar to their target/classes (nothing need be installed)
mvn -B -q -pl verify -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/agreement.cp
cp="verify/target/test-classes:verify/target/classes:$(cat verify/target/agreement.cp)"
out=verify/target/agreement
mkdir -p "$out"
for ((s = first; s < first + count; s += chunk)); do
    n=$(( first + count - s < chunk ? first + count - s : chunk ))
    java -XX:+UseSerialGC -Xmx4g -cp "$cp" org.censpec.verify.AgreementRun "$s" "$n" "$threads" \
        "$out/seeds-$s-$((s + n - 1)).md"
done
verify/agreement-summary.sh "$out"/seeds-*.md
