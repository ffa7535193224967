package org.censpec.verify;

/** Which checker decides the device, share, allocator and flow findings. */
public enum Engine {
    /** The Alloy model, cross-checked against the direct checker (the default). */
    ALLOY,
    /** Only the direct explicit-state checker (fast; for quick edits). */
    DIRECT
}
