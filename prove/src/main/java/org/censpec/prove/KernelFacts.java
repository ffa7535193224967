package org.censpec.prove;

import java.util.HashMap;
import java.util.Map;

/**
 * What prove must know of the kernel it boots, read from its build tree by
 * {@code prove/scripts/kernel-facts.sh}.
 *
 * @param heapFramework the kernel exports {@code dma_heap_add} to modules (6.18 on): the
 *                      production module's heaps go through the framework and it never unloads
 * @param dmaCma        {@code CONFIG_DMA_CMA}: the DMA API allocates from CMA
 * @param cmaSizeMib    {@code CONFIG_CMA_SIZE_MBYTES}: the default area without {@code cma=}
 * @param vgemImportMaps vgem's PRIME import maps the buffer (before 6.15; since, it only attaches)
 * @param upstreamModules the kernel ships loadable modules the guest loads (vgem, vivid): the
 *                      upstream importers and the selftest's vgem import run there
 * @param unixSockets   {@code CONFIG_UNIX}: systemd-udevd, the guest's udev check, can run
 * @param sanitizers    KASAN, lockdep or kmemleak built in: several times slower under TCG
 * @param memcg         {@code CONFIG_MEMCG}: buffers are charged to their creator's memory cgroup
 * @param translatingIommu the driver of qemu's IOMMU (intel-iommu, SMMUv3) is there: the data
 *                      boot can put an engine behind an IOMMU that translates
 */
public record KernelFacts(
        boolean heapFramework,
        boolean dmaCma,
        int cmaSizeMib,
        boolean vgemImportMaps,
        boolean upstreamModules,
        boolean unixSockets,
        boolean sanitizers,
        boolean memcg,
        boolean translatingIommu) {
    /** Parses the script's {@code KEY=VALUE} lines; a key it did not print is an error. */
    public static KernelFacts parse(String output) {
        Map<String, String> kv = new HashMap<>();
        output.lines()
                .map(String::strip)
                .filter(l -> l.matches("[a-z_]+=\\S*"))
                .forEach(l -> kv.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return new KernelFacts(
                flag(kv, "heap_framework"),
                flag(kv, "dma_cma"),
                Integer.parseInt(value(kv, "cma_size_mib")),
                flag(kv, "vgem_import_maps"),
                flag(kv, "upstream_modules"),
                flag(kv, "unix_sockets"),
                flag(kv, "sanitizers"),
                flag(kv, "memcg"),
                flag(kv, "translating_iommu"));
    }

    private static boolean flag(Map<String, String> kv, String key) {
        return value(kv, key).equals("1");
    }

    private static String value(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalStateException("kernel-facts.sh printed no " + key);
        }
        return v;
    }
}
