#!/usr/bin/env bash
# Usage: prove/scripts/check-guest-program.sh x86_64|arm64 FILE
#
# Exit 0 when FILE is a static ELF executable for that architecture (what the
# bare initramfs of boot-guest.sh can run: it has no dynamic loader nor libc);
# else one line on stderr saying why, exit 2.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: check-guest-program.sh x86_64|arm64 FILE" >&2; exit 2; }
arch="$1" f="$2"
case "$arch" in
    x86_64) want="Advanced Micro Devices X86-64" ;;
    arm64) want="AArch64" ;;
    *) echo "check-guest-program: unknown architecture '$arch'" >&2; exit 2 ;;
esac
[ -f "$f" ] || { echo "$f: no such file" >&2; exit 2; }
if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" != 7f454c46 ]; then
    echo "$f: not an ELF executable (a guest program must be a static $arch executable)" >&2
    exit 2
fi
hdr="$(LC_ALL=C readelf -h "$f" 2>/dev/null)" || { echo "$f: unreadable ELF header" >&2; exit 2; }
machine="$(sed -n 's/^ *Machine: *//p' <<<"$hdr")"
type="$(sed -n 's/^ *Type: *\([A-Z]*\).*/\1/p' <<<"$hdr")"
if [ "$machine" != "$want" ]; then
    echo "$f: built for $machine, not $arch" >&2
    exit 2
fi
case "$type" in
    EXEC|DYN) ;;
    *) echo "$f: ELF type $type is not an executable" >&2; exit 2 ;;
esac
if LC_ALL=C readelf -lW "$f" 2>/dev/null | grep -c '^ *INTERP ' >/dev/null; then
    echo "$f: dynamically linked (needs $(LC_ALL=C readelf -lW "$f" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')); link it with -static" >&2
    exit 2
fi
exit 0
