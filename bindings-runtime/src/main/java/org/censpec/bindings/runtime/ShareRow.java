// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One share of a spec, the devices that may attach to one buffer, with its own heap: what a
 * generated {@code Share} constant carries.
 *
 * @param <D> the spec's generated {@code Device} enum
 */
public record ShareRow<D extends DeviceRow.Table>(String specName, String heapName, long mask, List<D> devices) {
    public ShareRow {
        Objects.requireNonNull(specName, "specName");
        Objects.requireNonNull(heapName, "heapName");
        devices = List.copyOf(devices);
    }

    /** A generated {@code Share} enum: each constant carries its row and names its heap. */
    public interface Table<D extends DeviceRow.Table> extends HeapName {
        ShareRow<D> row();

        /** The name in the spec. */
        default String specName() {
            return row().specName();
        }

        /** The heap's name under /dev/dma_heap/. */
        @Override
        default String heapName() {
            return row().heapName();
        }

        /** The access mask a new buffer of this share starts with. */
        default long mask() {
            return row().mask();
        }

        /** The devices that may attach to the share's buffers. */
        default List<D> devices() {
            return row().devices();
        }
    }
}
