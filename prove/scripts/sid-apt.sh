#!/usr/bin/env bash
# Usage: prove/scripts/sid-apt.sh [--update] [--options]
#
# An apt state of its own for Debian's unstable suite (sid), where Debian's
# newest kernels (7.2) are: $CENSPEC_CACHE/apt-sid/ holds sid.sources, the
# package lists and apt's cache. The machine's own apt sources, lists and
# dpkg database stay as they are. The archive is the one the machine's
# bookworm sources already use (apt-get indextargets), suite sid, component
# main, amd64 and arm64, signed by Debian's archive keyring.
#   (no option)  make the lists when absent or older than a day
#   --update     make them anew now
#   --options    then print, one per line, the apt-get/apt-cache options
#                that use this state (fetch-kernel.sh reads them)
# Release files of a snapshot mirror can be older than their Valid-Until:
# that check is off (the signatures are still checked).
set -euo pipefail

die() { echo "sid-apt: $*" >&2; exit 2; }
update=0 print=0
for a in "$@"; do
    case "$a" in
        --update) update=1 ;;
        --options) print=1 ;;
        *) die "unknown argument '$a' (usage: sid-apt.sh [--update] [--options])" ;;
    esac
done
cache="${CENSPEC_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/censpec}"
dir="$cache/apt-sid"
opts=(-o "Dir::Etc::sourcelist=/dev/null" -o "Dir::Etc::sourceparts=$dir/sources" -o "Dir::State::Lists=$dir/lists"
      -o "Dir::Cache=$dir/cache" -o "Acquire::Check-Valid-Until=false" -o "APT::Sandbox::User=root"
      -o "Acquire::Languages=none")
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "$keyring missing (package debian-archive-keyring)"

stale=1
if [ "$update" = 0 ] && [ -n "$(find "$dir/lists" -maxdepth 1 -name '*_sid_InRelease' -mmin -1440 2>/dev/null)" ]; then
    stale=0
fi
if [ "$stale" = 1 ]; then
    uri="$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null | awk '$2 == "bookworm" { print $1; exit }')"
    [ -n "$uri" ] || die "no bookworm archive in the machine's apt sources to take sid from"
    mkdir -p "$dir/sources" "$dir/lists/partial" "$dir/cache/archives/partial"
    printf 'Types: deb\nURIs: %s\nSuites: sid\nComponents: main\nArchitectures: amd64 arm64\nSigned-By: %s\n' \
        "$uri" "$keyring" >"$dir/sources/sid.sources"
    t0=$(date +%s)
    flock /tmp/censpec-apt.lock apt-get "${opts[@]}" update -q >"$dir/update.log" 2>&1 ||
        { tail -n 5 "$dir/update.log" >&2; die "apt-get update of sid failed (log $dir/update.log)"; }
    echo "sid-apt: sid's package lists in $dir/lists ($(( $(date +%s) - t0 )) s)" >&2
fi
[ "$print" = 0 ] || printf '%s\n' "${opts[@]}"
