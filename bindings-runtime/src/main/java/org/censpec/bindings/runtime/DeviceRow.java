// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

import java.util.Objects;

/**
 * One DMA master of a spec with the constraint mask censpec computed for it: what a generated
 * {@code Device} constant carries. Bit i of the mask is set when the device accepts the
 * allocator of priority i.
 */
public record DeviceRow(String specName, int dmaBits, long mask, long align) {
    public DeviceRow {
        Objects.requireNonNull(specName, "specName");
    }

    /** A generated {@code Device} enum: each constant carries its row. */
    public interface Table {
        DeviceRow row();

        /** The name in the spec and in the kernel module. */
        default String specName() {
            return row().specName();
        }

        /** Width of the device's DMA addresses. */
        default int dmaBits() {
            return row().dmaBits();
        }

        /** Allocators the device accepts, one bit per allocator in priority order. */
        default long mask() {
            return row().mask();
        }

        /** Alignment the device needs, in bytes. */
        default long align() {
            return row().align();
        }

        /** Whether this device accepts the allocator. */
        default boolean accepts(AllocatorRow.Table<?> allocator) {
            return (row().mask() & allocator.bit()) != 0;
        }
    }
}
