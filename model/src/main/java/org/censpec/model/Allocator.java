package org.censpec.model;

import java.util.List;

/**
 * {@code allocator NAME { ... }}. {@code priority} is the declaration index (0 = highest
 * priority, bit 0 of a constraint mask). {@code below} is already defaulted to {@code ram}
 * and {@code align} to 4K when the spec leaves them out.
 */
public record Allocator(
        String name,
        SourceLocation loc,
        int priority,
        Backend backend,
        List<NameRef> provides,
        long below,
        long align) implements Element {

    public Allocator {
        provides = List.copyOf(provides);
    }

    /** Whether this allocator provides the named property. */
    public boolean provides(String property) {
        return provides.stream().anyMatch(p -> p.name().equals(property));
    }
}
