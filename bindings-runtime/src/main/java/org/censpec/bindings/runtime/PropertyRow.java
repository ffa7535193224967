// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

import java.util.Objects;

/** One memory property of a spec: what a generated {@code Property} constant carries. */
public record PropertyRow(String specName) {
    public PropertyRow {
        Objects.requireNonNull(specName, "specName");
    }

    /** A generated {@code Property} enum: each constant carries its row. */
    public interface Table {
        PropertyRow row();

        /** The name in the spec. */
        default String specName() {
            return row().specName();
        }
    }
}
