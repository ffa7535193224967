package org.censpec.model;

/**
 * A concrete change that removes a finding: insert {@code text} as a new line before the line
 * of {@code before} (SARIF {@code fixes}: an insertion at the start of that line).
 */
public record Fix(String description, SourceLocation before, String text) {
}
