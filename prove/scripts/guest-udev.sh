#!/usr/bin/env bash
# Usage: prove/scripts/guest-udev.sh ROOT RULES EXPECT
#
# Puts the host's udev (Debian's package udev: udevadm, which is also
# systemd-udevd) into the x86-64 guest's initramfs tree ROOT, with the shared
# libraries it loads, the module's udev RULES as /etc/udev/rules.d/<name>,
# the EXPECT file (boot-guest.sh --udev-expect) as /censpec/udev.expect, and
# /etc/passwd and /etc/group holding root and each group EXPECT names (gid
# 1000 on), so that the rules' GROUP= resolves as on a board. Exit 2 (the
# line says what to install) when udevadm is missing.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: guest-udev.sh ROOT RULES EXPECT" >&2; exit 2; }
root="$1" rules="$2" expect="$3"
udevadm="$(command -v udevadm || true)"
[ -n "$udevadm" ] || { echo "guest-udev: udevadm missing (package udev); run install-deps.sh" >&2; exit 2; }
copy() { # FILE: into ROOT at its own path, symlinks resolved
    mkdir -p "$root$(dirname "$1")"
    cp -L "$1" "$root$1"
}
copy "$udevadm"
# the loader and every library udevadm links (ldd's "=> /path" and the loader line)
ldd "$udevadm" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' | sort -u | while read -r lib; do
    copy "$lib"
    # the loader is also looked up at its canonical path (/lib64 on x86-64)
    case "$lib" in */ld-linux*) [ -e "$root/lib64/$(basename "$lib")" ] || { mkdir -p "$root/lib64"; cp -L "$lib" "$root/lib64/"; } ;; esac
done
mkdir -p "$root/lib/systemd" "$root/etc/udev/rules.d" "$root/run"
ln -sf "$udevadm" "$root/lib/systemd/systemd-udevd"
cp "$rules" "$root/etc/udev/rules.d/$(basename "$rules")"
cp "$expect" "$root/censpec/udev.expect"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
{
    printf 'root:x:0:\n'
    awk '$1 == "node" && $3 != "root" { print $3 }' "$expect" | sort -u | awk '{ printf "%s:x:%d:\n", $1, 1000 + NR - 1 }'
} >"$root/etc/group"
printf 'passwd: files\ngroup: files\n' >"$root/etc/nsswitch.conf"
