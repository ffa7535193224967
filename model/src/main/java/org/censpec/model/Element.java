package org.censpec.model;

/** A declared, named element of a spec. */
public sealed interface Element permits Property, Allocator, Device, Share, Flow, Actor {
    String name();

    SourceLocation loc();
}
