package org.censpec.model;

import java.util.List;

/** {@code actor NAME { step; ... }}: one driver's sequence of steps; actors run concurrently. */
public record Actor(String name, SourceLocation loc, List<Step> steps) implements Element {
    public Actor {
        steps = List.copyOf(steps);
    }
}
