package org.censpec.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code share NAME { D, ... } [max_size SIZE;]}: the devices that may attach to one buffer,
 * and the largest buffer allocated for it when the spec says.
 */
public record Share(String name, SourceLocation loc, List<NameRef> devices, Optional<Long> maxSize)
        implements Element {
    public Share {
        devices = List.copyOf(devices);
    }

    /** A share without max_size. */
    public Share(String name, SourceLocation loc, List<NameRef> devices) {
        this(name, loc, devices, Optional.empty());
    }
}
