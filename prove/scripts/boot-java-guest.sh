#!/usr/bin/env bash
# Usage: prove/scripts/boot-java-guest.sh --out DIR --module KO [--module KO...]
#            --jdk JAVA_HOME --classpath CP --main CLASS [--mem 1024M] [--timeout SECS]
#            [--java-opts "OPTS"] [--java-args "ARGS"] [any other boot-guest.sh option]
#
# boot-guest.sh without the ABI test: for each module, insmod, then
# JAVA_HOME/bin/java OPTS -cp CP CLASS <module> <ctl|-> <heap>... [ARGS] chrooted into
# the host root (shared read-only over 9p), rmmod, clean dmesg. Same outputs and exit
# codes as boot-guest.sh; see prove/guest/README.md, "Java bindings".
set -euo pipefail
case "${1:-}" in
    -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
case " $* " in
    *" --main "*) ;;
    *) echo "boot-java-guest: --jdk, --classpath and --main are required (see --help)" >&2; exit 2 ;;
esac
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/boot-guest.sh" --no-abi "$@"
