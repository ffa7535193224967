#!/usr/bin/env bash
# Usage: prove/scripts/build-debug-kernel.sh [--print-dir] [--check]
#
# Builds (once) an x86-64 debug kernel from Debian's linux-source-6.1 tarball:
# `make tinyconfig` plus the fragment below (what an initramfs guest needs, ACPI,
# PCI, SMP, KASAN, PROVE_LOCKING, DMA_API_DEBUG(_SG), DMABUF_DEBUG, DMABUF_HEAPS,
# CMA, DMA_CMA, DEBUG_KMEMLEAK). The result is cached outside the repository in
#   $CENSPEC_CACHE/kernels/<source version>-debug-<hash of fragment+script>/
#     src/       the extracted source
#     build/     the O= build tree (bzImage, vmlinux, Module.symvers): it is the
#                kbuild dir out-of-tree modules build against
#     kernel.env what kernel-env.sh reads (CENSPEC_KERNEL=debug)
#     DONE       written last; its absence means "rebuild"
# and reused while the source package version and this fragment are unchanged.
# Prints each stage's time. --print-dir prints the cache dir (builds if absent);
# --check exits 2 if the kernel is not built, printing where it would be.
# CENSPEC_CACHE defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/censpec.
set -euo pipefail

SOURCE_TARBALL=/usr/src/linux-source-6.1.tar.xz
print_dir=0 check=0
for a in "$@"; do
    case "$a" in
        --print-dir) print_dir=1 ;;
        --check) check=1 ;;
        -h|--help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "build-debug-kernel: unknown argument '$a'" >&2; exit 2 ;;
    esac
done
log() { printf 'build-debug-kernel: %s\n' "$*" >&2; }
cache="${CENSPEC_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/censpec}"

FRAGMENT='CONFIG_64BIT=y
CONFIG_SMP=y
CONFIG_NR_CPUS=8
CONFIG_PRINTK=y
CONFIG_BUG=y
CONFIG_KALLSYMS=y
CONFIG_MULTIUSER=y
CONFIG_FUTEX=y
CONFIG_SHMEM=y
CONFIG_TMPFS=y
CONFIG_TTY=y
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_BLK_DEV_INITRD=y
CONFIG_RD_GZIP=y
CONFIG_DEVTMPFS=y
CONFIG_PROC_FS=y
CONFIG_SYSFS=y
CONFIG_BINFMT_ELF=y
CONFIG_BINFMT_SCRIPT=y
CONFIG_MODULES=y
CONFIG_MODULE_UNLOAD=y
CONFIG_ACPI=y
CONFIG_PCI=y
CONFIG_SLUB=y
CONFIG_ZONE_DMA=y
CONFIG_DMABUF_HEAPS=y
CONFIG_DMABUF_HEAPS_SYSTEM=y
CONFIG_DMABUF_HEAPS_CMA=y
CONFIG_DMABUF_DEBUG=y
CONFIG_CMA=y
CONFIG_DMA_CMA=y
CONFIG_CMA_SIZE_MBYTES=64
CONFIG_DEBUG_KERNEL=y
CONFIG_KASAN=y
CONFIG_KASAN_GENERIC=y
CONFIG_KASAN_OUTLINE=y
CONFIG_PROVE_LOCKING=y
CONFIG_DEBUG_ATOMIC_SLEEP=y
CONFIG_DMA_API_DEBUG=y
CONFIG_DMA_API_DEBUG_SG=y
CONFIG_DEBUG_KMEMLEAK=y
CONFIG_DEBUG_KMEMLEAK_MEM_POOL_SIZE=16000
CONFIG_DEBUG_INFO_NONE=y
CONFIG_MODULE_SIG=n
CONFIG_RANDOMIZE_BASE=n
'

[ -f "$SOURCE_TARBALL" ] || { echo "build-debug-kernel: $SOURCE_TARBALL missing (package linux-source-6.1); run prove/scripts/install-deps.sh" >&2; exit 2; }
srcver="$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown)"
key="$( { printf '%s\n' "$srcver"; printf '%s' "$FRAGMENT"; } | sha256sum | cut -c1-12)"
dir="$cache/kernels/6.1-debug-$key"
# kernel.env: what kernel-env.sh reads (see fetch-kernel.sh).
write_env() {
    local rel
    rel="$(cat "$dir/build/include/config/kernel.release")"
    {
        printf 'KARCH=x86_64\nKVER=%s\nKDIR=%s\n' "$rel" "$dir/build"
        printf 'KIMAGE=%s\nKMODULES=\n' "$dir/build/arch/x86/boot/bzImage"
        printf 'KPACKAGES="linux-source-6.1=%s"\n' "$srcver"
    } >"$dir/kernel.env.tmp"
    mv "$dir/kernel.env.tmp" "$dir/kernel.env"
}
if [ -f "$dir/DONE" ]; then
    [ -f "$dir/kernel.env" ] || write_env
    log "cached: $dir (source $srcver)"
    [ "$print_dir" = 0 ] || printf '%s\n' "$dir"
    exit 0
fi
if [ "$check" = 1 ]; then
    echo "build-debug-kernel: not built ($dir); run prove/scripts/build-debug-kernel.sh (about 15 min on 2 cores)" >&2
    exit 2
fi
for t in flex bison bc make gcc; do
    command -v "$t" >/dev/null || { echo "build-debug-kernel: '$t' missing (packages flex bison bc make gcc); run install-deps.sh" >&2; exit 2; }
done
[ -f /usr/include/libelf.h ] || { echo "build-debug-kernel: libelf.h missing (package libelf-dev); run install-deps.sh" >&2; exit 2; }

secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }'; }
# An interrupted build (no DONE) is resumed: make is incremental.
t=$(date +%s.%N)
if [ -f "$dir/src/Makefile" ] && [ -d "$dir/build" ]; then
    log "resuming the interrupted build in $dir"
else
    rm -rf "$dir"
    mkdir -p "$dir/build"
    tar -xJf "$SOURCE_TARBALL" -C "$dir"
    mv "$dir/linux-source-6.1" "$dir/src"
fi
log "stage extract: $(secs "$t") s"

t=$(date +%s.%N)
make -s -C "$dir/src" O="$dir/build" tinyconfig >/dev/null
printf '%s' "$FRAGMENT" >"$dir/build/censpec.config"
"$dir/src/scripts/kconfig/merge_config.sh" -m -O "$dir/build" "$dir/build/.config" "$dir/build/censpec.config" >/dev/null
make -s -C "$dir/src" O="$dir/build" olddefconfig >/dev/null
missing=""
while IFS= read -r line; do
    case "$line" in
        *=n) grep -q "^${line%=n}=" "$dir/build/.config" && missing+=" ${line%=n}=n" ;;
        CONFIG_*) grep -qx "$line" "$dir/build/.config" || missing+=" $line" ;;
    esac
done <<<"$FRAGMENT"
if [ -n "$missing" ]; then
    echo "build-debug-kernel: FAILED: the config did not take:$missing" >&2
    exit 1
fi
log "stage config: $(secs "$t") s"

t=$(date +%s.%N)
if ! make -C "$dir/src" O="$dir/build" -j"$(nproc)" bzImage modules_prepare >"$dir/build/build.log" 2>&1; then
    tail -n 30 "$dir/build/build.log" >&2
    echo "build-debug-kernel: FAILED: kernel build (log $dir/build/build.log)" >&2
    exit 1
fi
# modpost of out-of-tree modules needs the kernel's exported symbols.
make -C "$dir/src" O="$dir/build" -j"$(nproc)" modules >>"$dir/build/build.log" 2>&1 || true
[ -f "$dir/build/Module.symvers" ] || { echo "build-debug-kernel: FAILED: no Module.symvers (log $dir/build/build.log)" >&2; exit 1; }
log "stage compile: $(secs "$t") s"
write_env
printf 'source=%s key=%s\n' "$srcver" "$key" >"$dir/DONE"
log "built: $dir/build/arch/x86/boot/bzImage"
[ "$print_dir" = 0 ] || printf '%s\n' "$dir"
