package org.censpec.prove;

import java.util.Map;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;

/**
 * What the target's kernel gives the contiguous backend, which the spec does not state: the
 * largest block it gets from the default area (one buddy block of 4 MiB without CMA, the CMA
 * area's size with one), and the reserved-memory regions the target's devicetree has, by node
 * name, with their sizes. An allocator that names a region the target lacks is unusable there
 * (the module warns and allocation falls back past it). {@code cma}: the default area is a
 * CMA area (the kernel charges no memory cgroup for CMA blocks).
 */
public record TargetMemory(long defaultLimit, Map<String, Long> regions, boolean cma) {
    /** One buddy block of order 10: the largest contiguous allocation without CMA (x86-64, 4K pages). */
    public static final long BUDDY_BLOCK = 4L << 20;

    public TargetMemory {
        regions = Map.copyOf(regions);
    }

    /** A kernel without CMA and without a devicetree (Debian's x86-64 kernels). */
    public static TargetMemory buddyOnly() {
        return new TargetMemory(BUDDY_BLOCK, Map.of(), false);
    }

    /**
     * The largest buffer {@code a} can back here, in bytes: unbounded for the pages backends, the
     * region's size or the default limit for the contiguous one (0 for a region the target lacks),
     * and never more than the allocator's own capacity.
     */
    public long largest(Allocator a) {
        long limit = Long.MAX_VALUE;
        if (a.backend() == Backend.CONTIGUOUS) {
            limit = a.region().map(r -> regions.getOrDefault(r.value(), 0L)).orElse(defaultLimit);
        }
        return Math.min(limit, a.size().orElse(Long.MAX_VALUE));
    }
}
