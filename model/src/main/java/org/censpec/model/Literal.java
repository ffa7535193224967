package org.censpec.model;

/** A string literal of the spec (without its quotes), with where it was written. */
public record Literal(String value, SourceLocation loc) {}
