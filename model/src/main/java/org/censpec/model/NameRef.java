package org.censpec.model;

/** A use of a name (as opposed to its declaration), with where it was written. */
public record NameRef(String name, SourceLocation loc) {}
