package org.censpec.model;

/** {@code property NAME;} a boolean property a backing store may have. */
public record Property(String name, SourceLocation loc) implements Element {}
