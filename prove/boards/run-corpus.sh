#!/usr/bin/env bash
# Usage: prove/boards/run-corpus.sh [--short | --long | --good | --variants | --random N | --imported]...
#                                   [--seed S] [--boards NAME,...] [--dtbs NAME,...] [--work DIR]
#
# Proves the corpus of user-like boards (prove/boards/README.md) in booted kernels, with
# `censpec prove --format json` in-process (cli's CorpusProofTest):
#   --short    what ./run-tests runs: the ROCK 5B spec of issue 26 on arm64, with its board's
#              devicetree (the one it was imported from) in the guest
#   --long     (default) the three parts below: --good, --variants and --random (N default 4)
# Each part of the long form also runs alone, or with the others given:
#   --good     every board on arm64 (its board in the guest) and on x86-64
#   --variants one broken variant of each board on arm64, as the long form picks them: the kinds
#              wrong match, region too small, unreachable device, early map in turn over the
#              boards in provenance.tsv's order
#   --random N N random boards on arm64 (with --long: the long form's count), seeds 1 to N
#   --imported import-dt's 15 devicetrees (cli's DtCorpusTest): each imported with
#              --starter-flows, checked against its blob and proved on arm64 with --dtb the blob
#   --dtbs NAME,...  only the devicetrees whose path contains one of these in --imported
#   --seed S   the random boards' first seed (default 1): --random 2 --seed 4 proves seeds 4, 5
#   --boards NAME,...  only these corpus boards (folder names) in --good and --variants; each
#              keeps the variant the whole corpus's rotation gives it
# A good board must pass (a failure is a false alarm); a broken variant must fail for its
# stated reason, with no failure the module is blamed for. Prints one line per prove run and the
# figures (also in DIR/corpus-summary.txt; the reports and serial logs stay in DIR, default
# target/corpus), then the time. Exit 0 when every good board passed and every variant was
# caught, 1 otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode="" random=4 seed=1 boards="" dtbs="" work="$root/target/corpus"
while [ $# -gt 0 ]; do
    case "$1" in
        --short|--long|--good|--variants|--imported) mode="${mode:+$mode,}${1#--}"; shift ;;
        --random) random="${2:?--random N}"; mode="${mode:+$mode,}random"; shift 2 ;;
        --seed) seed="${2:?--seed S}"; shift 2 ;;
        --boards) boards="${2:?--boards NAME,...}"; shift 2 ;;
        --dtbs) dtbs="${2:?--dtbs NAME,...}"; shift 2 ;;
        --work) work="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//p}' "$0"; exit 0 ;;
        *) echo "run-corpus: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
mode="${mode:-long}"
t0=$(date +%s)
cd "$root"
rc=0
mvn -B -q verify -pl cli -am -Dcenspec.fuzz.skip=true -Dtest=CorpusProofTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dcorpus.prove="$mode" -Dcorpus.random="$random" -Dcorpus.seed="$seed" -Dcorpus.boards="$boards" -Dcorpus.dtbs="$dtbs" -Dcorpus.work="$work" || rc=$?
[ -f "$work/corpus-summary.txt" ] && cat "$work/corpus-summary.txt"
echo "run-corpus: $mode in $(( $(date +%s) - t0 )) s (work $work)"
exit "$rc"
