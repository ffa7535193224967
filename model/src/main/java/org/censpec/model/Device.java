package org.censpec.model;

import java.util.List;

/**
 * {@code device NAME { ... }}: a DMA master. It reaches physical addresses below
 * 2^dmaBits. {@code align} is defaulted to 4K when the spec leaves it out.
 */
public record Device(
        String name,
        SourceLocation loc,
        int dmaBits,
        List<NameRef> requires,
        List<NameRef> forbids,
        long align) implements Element {

    public Device {
        requires = List.copyOf(requires);
        forbids = List.copyOf(forbids);
    }

    /**
     * Whether every address below {@code limit} is reachable, i.e. limit &lt;= 2^dmaBits.
     * Sizes in a valid spec are below 2^63, so 63 or more bits reach everything.
     */
    public boolean reachesBelow(long limit) {
        return dmaBits >= 63 || limit <= (1L << dmaBits);
    }
}
