package org.censpec.prove;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;

/**
 * What the target gives the module's backends, which the spec does not state: the largest
 * block the contiguous backend gets from the default area (one buddy block of 4 MiB without
 * CMA, the CMA area's size with one), the {@code /reserved-memory} regions of the target's
 * devicetree as the runtime finds them (by node name without unit address, the first such
 * child), and the guest's RAM. Every figure names where it comes from, for the report.
 */
public record TargetMemory(Contiguous contiguous, Map<String, Region> regions, Ram ram) {
    /** One buddy block of order 10: the largest contiguous allocation without CMA (4K pages). */
    public static final long BUDDY_BLOCK = 4L << 20;

    /**
     * The default contiguous area: its largest block in bytes, whether it is a CMA area (the
     * kernel charges no memory cgroup for CMA blocks, and the module cannot know its size at
     * load) and where that figure comes from.
     */
    public record Contiguous(long largest, boolean cma, String source) {
        /** A kernel without CMA: one buddy block. */
        public static Contiguous buddy(String kernel) {
            return new Contiguous(BUDDY_BLOCK, false, kernel + " has no CMA: one buddy block of 4 MiB");
        }

        /** A CMA area of {@code bytes}. */
        public static Contiguous cma(long bytes, String source) {
            return new Contiguous(bytes, true, "CMA area of " + Sizes.human(bytes) + " (" + source + ")");
        }
    }

    /**
     * A child of {@code /reserved-memory} the runtime can look up by {@code name} (its node name
     * without unit address): its size, whether it is a reusable {@code shared-dma-pool} (a CMA
     * area; the runtime refuses any other kind) and where it comes from.
     */
    public record Region(String name, long size, boolean reusable, String source) {}

    /** The guest's RAM: physical addresses [base, end). */
    public record Ram(long base, long end) {
        /** RAM from physical 0 whose end the prediction does not need (x86-64 guests). */
        public static Ram fromZero() {
            return new Ram(0, Long.MAX_VALUE);
        }

        public String describe() {
            return end == Long.MAX_VALUE
                    ? "RAM from physical 0"
                    : "RAM [" + Sizes.hex(base) + ", " + Sizes.hex(end) + ") (" + Sizes.human(end - base) + ")";
        }
    }

    public TargetMemory {
        regions = Map.copyOf(regions);
    }

    /** A kernel without CMA and without a devicetree (Debian's x86-64 kernels), RAM from 0. */
    public static TargetMemory buddyOnly() {
        return new TargetMemory(Contiguous.buddy("the kernel"), Map.of(), Ram.fromZero());
    }

    /** The regions of a devicetree in node order: the first node of a name is the one the runtime finds. */
    public static Map<String, Region> regions(List<Region> inNodeOrder) {
        Map<String, Region> out = new LinkedHashMap<>();
        inNodeOrder.forEach(r -> out.putIfAbsent(r.name(), r));
        return out;
    }

    /**
     * The region a spec's {@code region "NAME"} gets here. The runtime looks children of
     * {@code /reserved-memory} up by node name without unit address, so a name with {@code @}
     * never names one.
     */
    public Optional<Region> region(String specName) {
        return specName.contains("@") ? Optional.empty() : Optional.ofNullable(regions.get(specName));
    }

    /** Whether the default contiguous area is a CMA area. */
    public boolean cma() {
        return contiguous.cma();
    }

    /** Why the target leaves allocator {@code a} unusable, or empty when it can work here. */
    public Optional<String> unusable(Allocator a) {
        if (Long.compareUnsigned(a.below(), ram.base()) <= 0) {
            return Optional.of("its bound " + Sizes.hex(a.below())
                    + " is at or below the target's RAM, which starts at " + Sizes.hex(ram.base()));
        }
        if (a.backend() != Backend.CONTIGUOUS || a.region().isEmpty()) {
            return Optional.empty();
        }
        String name = a.region().get().value();
        Optional<Region> r = region(name);
        if (r.isEmpty()) {
            return Optional.of(
                    name.contains("@")
                            ? "region \"" + name
                                    + "\" names a node with its unit address; the kernel looks regions up by name"
                                    + " without it, so it finds none"
                            : "region \"" + name + "\" is not in the target's /reserved-memory");
        }
        if (!r.get().reusable()) {
            return Optional.of("region \"" + name + "\" is not a reusable shared-dma-pool here ("
                    + r.get().source() + "): the runtime does not allocate from it");
        }
        return Optional.empty();
    }

    /**
     * The largest buffer {@code a} can back here, in bytes: 0 when the target leaves it unusable;
     * for the contiguous backend the region's size or the default area's largest block, and for
     * every backend never more than the allocator's own {@code size}.
     */
    public long largest(Allocator a) {
        if (unusable(a).isPresent()) {
            return 0;
        }
        long limit = Long.MAX_VALUE;
        if (a.backend() == Backend.CONTIGUOUS) {
            limit = a.region().flatMap(r -> region(r.value())).map(Region::size).orElse(contiguous.largest());
        }
        return Math.min(limit, a.size().orElse(Long.MAX_VALUE));
    }

    /** What the kernel and the test programs keep of a guest's RAM, beside the buffers a plan makes. */
    static final long HEADROOM = 256L << 20;

    /**
     * Whether the page allocator can give one buffer of {@code len} bytes here beside a reusable
     * pool of {@code reserved} bytes (unmovable pages never come from a CMA area): true when the
     * RAM's end is not known (x86-64 guests); else the guest would answer with the OOM killer,
     * not -ENOMEM.
     */
    public boolean pagesFit(long len, long reserved) {
        return ram.end() == Long.MAX_VALUE || len <= ram.end() - ram.base() - reserved - HEADROOM;
    }

    /** One line for the report: CMA, regions, RAM. */
    public String describe() {
        StringBuilder b = new StringBuilder(contiguous.source());
        for (Region r : regions.values()) {
            b.append("; region ")
                    .append(r.name())
                    .append(' ')
                    .append(Sizes.human(r.size()))
                    .append(r.reusable() ? "" : " (not reusable)");
        }
        return b.append("; ").append(ram.describe()).toString();
    }
}
