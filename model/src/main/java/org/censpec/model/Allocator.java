package org.censpec.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code allocator NAME { ... }}. {@code priority} is the declaration index (0 = highest
 * priority, bit 0 of a constraint mask). {@code below} is already defaulted to the end of
 * RAM and {@code align} to 4K when the spec leaves them out. {@code protectedMemory} is
 * {@code protected;} (the CPU may not access its memory), {@code region} the reserved-memory
 * region it allocates from, {@code size} the capacity of its memory when the spec gives one.
 */
public record Allocator(
        String name,
        SourceLocation loc,
        int priority,
        Backend backend,
        List<NameRef> provides,
        long below,
        long align,
        boolean protectedMemory,
        Optional<Literal> region,
        Optional<Long> size)
        implements Element {

    public Allocator {
        provides = List.copyOf(provides);
    }

    /** An allocator without protected memory, region or size. */
    public Allocator(
            String name,
            SourceLocation loc,
            int priority,
            Backend backend,
            List<NameRef> provides,
            long below,
            long align) {
        this(name, loc, priority, backend, provides, below, align, false, Optional.empty(), Optional.empty());
    }

    /** Whether this allocator provides the named property. */
    public boolean provides(String property) {
        return provides.stream().anyMatch(p -> p.name().equals(property));
    }
}
