// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One allocator of a spec, in priority order: what a generated {@code Allocator} constant
 * carries.
 *
 * @param <P> the spec's generated {@code Property} enum
 */
public record AllocatorRow<P extends PropertyRow.Table>(
        String specName, int priority, String backend, long below, long align, List<P> provides) {
    public AllocatorRow {
        Objects.requireNonNull(specName, "specName");
        Objects.requireNonNull(backend, "backend");
        if (priority < 0 || priority > 63) {
            throw new IllegalArgumentException(
                    "allocator " + specName + ": priority " + priority + " is not a mask bit");
        }
        provides = List.copyOf(provides);
    }

    /** A generated {@code Allocator} enum: each constant carries its row. */
    public interface Table<P extends PropertyRow.Table> {
        AllocatorRow<P> row();

        /** The name in the spec and in the kernel module. */
        default String specName() {
            return row().specName();
        }

        /** 0 is the highest priority. */
        default int priority() {
            return row().priority();
        }

        /** This allocator's bit in a constraint or access mask. */
        default long bit() {
            return 1L << row().priority();
        }

        /** contiguous, pages or pages_dma32. */
        default String backend() {
            return row().backend();
        }

        /** Every page lies below this physical address. */
        default long below() {
            return row().below();
        }

        /** Every buffer starts on this boundary. */
        default long align() {
            return row().align();
        }

        /** The memory properties the allocator's buffers have. */
        default List<P> provides() {
            return row().provides();
        }
    }
}
