package org.censpec.prove;

/**
 * Which cache-maintenance calls an exporter makes (docs/kernel-module.md, "Cache
 * maintenance"): {@link #CORRECT} is the runtime's rule set; the others are the faults the
 * data plan must make visible, for the plan's own tests.
 *
 * @param syncOnUnmap unmap syncs for the CPU in the mapping's direction (no
 *     DMA_ATTR_SKIP_CPU_SYNC)
 * @param beginSyncsMapped begin_cpu_access syncs every mapped attachment for the CPU
 * @param endSyncsMapped end_cpu_access syncs every mapped attachment for the device
 * @param mappingDirection CPU-access syncs use each mapping's direction, not the access's
 */
public record ExporterRules(
        boolean syncOnUnmap, boolean beginSyncsMapped, boolean endSyncsMapped, boolean mappingDirection) {
    public static final ExporterRules CORRECT = new ExporterRules(true, true, true, true);
}
