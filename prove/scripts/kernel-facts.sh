#!/usr/bin/env bash
# Usage: prove/scripts/kernel-facts.sh [--arch ARCH] [--kernel KERNEL]
#
# What prove must know of a kernel (kernel-env.sh chooses it; default x86_64
# 6.1), read from its build tree, one KEY=VALUE line each:
#   heap_framework=0|1  Module.symvers exports dma_heap_add in namespace
#                       DMA_BUF_HEAP (6.18 on, with CONFIG_DMABUF_HEAPS): the
#                       production module registers its heaps through it and
#                       cannot be unloaded (kernel-runtime/cen_runtime.kbuild
#                       probes the same)
#   system_heap=0|1     CONFIG_DMABUF_HEAPS_SYSTEM=y: the kernel has its own heap
#                       /dev/dma_heap/system
#   dma_cma=0|1         CONFIG_DMA_CMA: the DMA API allocates from CMA
#   cma_size_mib=N      CONFIG_CMA_SIZE_MBYTES: the default CMA area without
#                       cma= on the command line
#   vgem_import_maps=0|1  vgem's PRIME import maps the buffer (0: it imports
#                       with drm_gem_shmem_prime_import_no_map, 6.15 on, and
#                       only attaches; 1 also where the kernel has no vgem)
#   upstream_modules=0|1  the kernel ships loadable modules (vgem.ko among them)
#                       the guest can load: the upstream importers and the
#                       kernel's heap selftest's vgem import run there
#   unix_sockets=0|1    CONFIG_UNIX=y: AF_UNIX sockets, which systemd-udevd (the
#                       guest's udev check) needs
#   sanitizers=0|1      KASAN, lockdep or kmemleak built in: every instruction
#                       costs several times more under TCG (the data boot gives
#                       it two vCPUs, real time and a longer RCU stall timeout)
#   memcg=0|1           CONFIG_MEMCG=y: the data boot measures what buffers charge
#                       to their creator's memory cgroup
#   translating_iommu=0|1  the IOMMU driver for qemu's IOMMU is built in or a
#                       module (x86-64 CONFIG_INTEL_IOMMU, arm64
#                       CONFIG_ARM_SMMU_V3): the data boot can put an engine
#                       behind an IOMMU that translates
# Exit 2 if the kernel is not there (the line says what to run).
set -euo pipefail
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) export CENSPEC_ARCH="${2:?--arch ARCH}"; shift 2 ;;
        --kernel) export CENSPEC_KERNEL="${2:?--kernel KERNEL}"; shift 2 ;;
        *) echo "usage: kernel-facts.sh [--arch ARCH] [--kernel KERNEL]" >&2; exit 2 ;;
    esac
done
# shellcheck source-path=SCRIPTDIR source=kernel-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/kernel-env.sh" || exit 2
[ -f "$KDIR/Module.symvers" ] || { echo "kernel-facts: $KDIR/Module.symvers missing; run install-deps.sh" >&2; exit 2; }
[ -f "$KDIR/.config" ] || { echo "kernel-facts: $KDIR/.config missing; run install-deps.sh" >&2; exit 2; }
yes_no() { if "$@"; then echo 1; else echo 0; fi; }
echo "heap_framework=$(yes_no grep -qE '^[^[:space:]]+[[:space:]]dma_heap_add[[:space:]].*[[:space:]]DMA_BUF_HEAP$' "$KDIR/Module.symvers")"
echo "system_heap=$(yes_no grep -qx 'CONFIG_DMABUF_HEAPS_SYSTEM=y' "$KDIR/.config")"
echo "dma_cma=$(yes_no grep -qx 'CONFIG_DMA_CMA=y' "$KDIR/.config")"
echo "cma_size_mib=$(sed -n 's/^CONFIG_CMA_SIZE_MBYTES=\([0-9]*\)$/\1/p' "$KDIR/.config" | head -n 1 | grep . || echo 0)"
vgem="$( [ -z "${KMODULES:-}" ] || find "$KMODULES/kernel" -name 'vgem.ko*' -print -quit 2>/dev/null)"
no_map=0
if [ -n "$vgem" ]; then
    case "$vgem" in
        *.xz) cat_ko=(xz -dc) ;; *.zst) cat_ko=(zstd -dc) ;; *.gz) cat_ko=(gzip -dc) ;; *) cat_ko=(cat) ;;
    esac
    # (grep -c reads to the end: grep -q would close the pipe at the first match, the
    # decompressor would die of SIGPIPE, and pipefail would turn the match into a miss)
    if "${cat_ko[@]}" "$vgem" | grep -ac 'drm_gem_shmem_prime_import_no_map' >/dev/null; then no_map=1; fi
fi
echo "vgem_import_maps=$((1 - no_map))"
echo "upstream_modules=$( [ -n "$vgem" ] && echo 1 || echo 0)"
echo "unix_sockets=$(yes_no grep -qx 'CONFIG_UNIX=y' "$KDIR/.config")"
echo "sanitizers=$(yes_no grep -qxE 'CONFIG_(KASAN|PROVE_LOCKING|DEBUG_KMEMLEAK)=y' "$KDIR/.config")"
echo "memcg=$(yes_no grep -qx 'CONFIG_MEMCG=y' "$KDIR/.config")"
case "$KARCH" in arm64) iommu=ARM_SMMU_V3 ;; *) iommu=INTEL_IOMMU ;; esac
echo "translating_iommu=$(yes_no grep -qxE "CONFIG_$iommu=[ym]" "$KDIR/.config")"
