package org.censpec.model;

import java.util.List;

/** {@code share NAME { D, ... }}: the devices that may attach to one buffer. */
public record Share(String name, SourceLocation loc, List<NameRef> devices) implements Element {
    public Share {
        devices = List.copyOf(devices);
    }
}
