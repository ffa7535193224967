package org.censpec.model;

import java.util.List;

/** {@code flow NAME on SHARE { actor ... }}: how drivers touch one buffer of a share. */
public record Flow(String name, SourceLocation loc, NameRef share, List<Actor> actors) implements Element {
    public Flow {
        actors = List.copyOf(actors);
    }
}
