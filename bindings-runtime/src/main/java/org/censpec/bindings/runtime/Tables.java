// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

/**
 * The contract between this runtime and the tables {@code censpec generate} writes: each
 * generated enum calls {@link #require} once when it loads, so tables generated for another
 * format of the rows ({@link PropertyRow}, {@link AllocatorRow}, {@link DeviceRow}, {@link
 * ShareRow}) fail at once with what to do, not later with a missing method.
 */
public final class Tables {
    /** The format of the rows this runtime reads; generated tables name the one they were written for. */
    public static final int FORMAT = 1;

    private Tables() {}

    /**
     * Returns {@code format} when this runtime reads it.
     *
     * @throws IllegalStateException naming both formats when it does not
     */
    public static int require(int format, String table) {
        if (format != FORMAT) {
            throw new IllegalStateException(table + " was generated for table format " + format
                    + " of censpec-bindings-runtime, which reads format " + FORMAT
                    + ": regenerate it with the censpec of this runtime's version");
        }
        return format;
    }
}
