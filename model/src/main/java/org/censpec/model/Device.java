package org.censpec.model;

import java.util.List;

/**
 * {@code device NAME { ... }}: a DMA master. Without an IOMMU it reaches physical addresses
 * below 2^dmaBits; with {@code iommu;} dmaBits is the width of its IOVA space and it has no
 * physical reach limit. {@code align} is defaulted to 4K when the spec leaves it out.
 * {@code accessesProtected} is {@code protected;}: the device may be handed protected
 * (CPU-inaccessible) memory. {@code match} lists how the real device is recognised at attach
 * time (devicetree compatible or dev_name).
 */
public record Device(
        String name,
        SourceLocation loc,
        int dmaBits,
        List<NameRef> requires,
        List<NameRef> forbids,
        long align,
        boolean iommu,
        boolean accessesProtected,
        List<Literal> match)
        implements Element {

    public Device {
        requires = List.copyOf(requires);
        forbids = List.copyOf(forbids);
        match = List.copyOf(match);
    }

    /** A device without IOMMU, protected access or match strings. */
    public Device(
            String name, SourceLocation loc, int dmaBits, List<NameRef> requires, List<NameRef> forbids, long align) {
        this(name, loc, dmaBits, requires, forbids, align, false, false, List.of());
    }

    /**
     * Whether every address below {@code limit} is reachable, i.e. limit &lt;= 2^dmaBits.
     * Sizes in a valid spec are below 2^63, so 63 or more bits reach everything.
     */
    public boolean reachesBelow(long limit) {
        return dmaBits >= 63 || limit <= (1L << dmaBits);
    }
}
