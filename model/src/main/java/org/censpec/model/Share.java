package org.censpec.model;

import java.util.List;
import java.util.Optional;

/**
 * {@code share NAME { D, ... } [max_size SIZE] [alias "NAME", ...];}: the devices that may attach
 * to one buffer, the largest buffer allocated for it when the spec says, and further names its
 * heap is exposed under (for userspace that opens fixed names, such as {@code linux,cma}).
 */
public record Share(
        String name, SourceLocation loc, List<NameRef> devices, Optional<Long> maxSize, List<Literal> aliases)
        implements Element {
    public Share {
        devices = List.copyOf(devices);
        aliases = List.copyOf(aliases);
    }

    /** A share without aliases. */
    public Share(String name, SourceLocation loc, List<NameRef> devices, Optional<Long> maxSize) {
        this(name, loc, devices, maxSize, List.of());
    }

    /** A share without max_size. */
    public Share(String name, SourceLocation loc, List<NameRef> devices) {
        this(name, loc, devices, Optional.empty());
    }
}
