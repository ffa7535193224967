// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

import java.io.IOException;

/** A call the kernel refused: which call, on what, the errno and what it means here. */
public final class HeapException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    HeapException(String call, String target, int errno, String meaning) {
        super(call + " on " + target + " failed: " + Errno.name(errno) + " (" + errno + ")"
                + (meaning.isEmpty() ? "" : ": " + meaning));
        this.errno = errno;
    }

    /** The errno the kernel returned. */
    public int errno() {
        return errno;
    }
}
