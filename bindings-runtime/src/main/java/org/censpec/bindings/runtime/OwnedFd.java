// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

import java.lang.ref.Cleaner;

/**
 * A file descriptor closed exactly once: by its owner's {@code close()}, or by a {@link Cleaner}
 * when the owner became unreachable without one (a {@link Heap} or {@link DmaBuf} dropped
 * without close must not leak its fd). Holds no reference to the owner.
 */
final class OwnedFd implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create();

    private int fd;
    private final Cleaner.Cleanable cleanable;

    OwnedFd(Object owner, int fd) {
        this.fd = fd;
        this.cleanable = CLEANER.register(owner, this);
    }

    /** The descriptor, or -1 once closed. */
    synchronized int get() {
        return fd;
    }

    /** Closes the descriptor now (idempotent). */
    void close() {
        cleanable.clean();
    }

    @Override
    public synchronized void run() {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            LibC.INSTANCE.close(f);
        }
    }
}
