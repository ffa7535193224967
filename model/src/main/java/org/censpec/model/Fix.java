package org.censpec.model;

import java.util.List;

/**
 * A concrete change that removes a finding (SARIF {@code fixes}): a description as the message
 * says it, and the text insertions that make it.
 */
public record Fix(String description, List<Edit> edits) {
    /** Insert {@code text} at {@code at} (before what is there). */
    public record Edit(SourceLocation at, String text) {}

    public Fix {
        edits = List.copyOf(edits);
    }
}
