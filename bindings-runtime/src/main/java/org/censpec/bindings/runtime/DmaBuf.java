// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * One dma-buf: its file descriptor (hand it to drivers), a CPU mapping, and the sync calls
 * that bracket CPU access. Closing is idempotent; any other call after close throws
 * {@link IllegalStateException}. Safe to share between threads: the calls are serialized, so a
 * close never lets another thread's sync reach a recycled fd number. A buffer of up to 2 GiB - 1
 * is one ByteBuffer ({@link #map()}); any buffer, 4 GiB and more included, is mapped in windows
 * ({@link #map(long, int)}). The views returned are unmapped by {@link #close()}: touching one
 * afterwards is touching unmapped memory, so close only when no thread still uses the mapping. A DmaBuf dropped without close
 * has its fd closed when it is garbage-collected (its mapping, if any, stays until the process
 * ends: only close() unmaps).
 */
public final class DmaBuf implements AutoCloseable {
    /** The most bytes one ByteBuffer view addresses: {@link #map()} of a larger buffer is refused. */
    public static final int MAX_VIEW = Integer.MAX_VALUE;

    private final long length;
    private final OwnedFd owned;
    private Pointer mapping;

    DmaBuf(int fd, long length) {
        this.owned = new OwnedFd(this, fd);
        this.length = length;
    }

    /** The dma-buf file descriptor. */
    public synchronized int fd() {
        return check();
    }

    public long length() {
        return length;
    }

    /**
     * The whole buffer as one ByteBuffer (shared, read-write mapping; later calls view the same
     * mapping). A ByteBuffer addresses at most {@link #MAX_VIEW} bytes: a larger buffer is refused
     * with {@link UnsupportedOperationException} naming its size; map it in windows with {@link
     * #map(long, int)}.
     */
    public synchronized ByteBuffer map() throws HeapException {
        check();
        if (length > MAX_VIEW) {
            throw new UnsupportedOperationException("dma-buf of " + length + " bytes is larger than one ByteBuffer"
                    + " can address (" + MAX_VIEW + " bytes): map it in windows with map(offset, length)");
        }
        return map(0, (int) length);
    }

    /**
     * The bytes {@code [offset, offset + length)} of the buffer as a ByteBuffer, a window on the one
     * shared, read-write mapping of the whole buffer (made on the first call): any size of buffer,
     * windows of up to {@link #MAX_VIEW} bytes, every window unmapped by {@link #close()}. A
     * window that does not lie inside the buffer is refused with IndexOutOfBoundsException.
     */
    public synchronized ByteBuffer map(long offset, int length) throws HeapException {
        check();
        if (offset < 0 || length < 0 || offset > this.length - length) {
            throw new IndexOutOfBoundsException("window of " + length + " bytes at " + offset
                    + " is not inside the dma-buf of " + this.length + " bytes");
        }
        return mapping().getByteBuffer(offset, length);
    }

    private Pointer mapping() throws HeapException {
        int fd = check();
        if (mapping == null) {
            try {
                mapping = LibC.INSTANCE.mmap(
                        null,
                        new NativeLong(length),
                        HeapAbi.PROT_READ | HeapAbi.PROT_WRITE,
                        HeapAbi.MAP_SHARED,
                        fd,
                        new NativeLong(0));
            } catch (LastErrorException e) {
                throw new HeapException(
                        "mmap",
                        "dma-buf fd " + fd,
                        e.getErrorCode(),
                        e.getErrorCode() == Errno.ENOMEM ? "no allocator could back the buffer" : "");
            }
        }
        return mapping;
    }

    /** DMA_BUF_IOCTL_SYNC start: call before the CPU reads or writes the mapping. */
    public synchronized void beginCpuAccess(boolean read, boolean write) throws HeapException {
        sync(HeapAbi.DMA_BUF_SYNC_START | flags(read, write));
    }

    /** DMA_BUF_IOCTL_SYNC end: call after CPU access, before devices use the buffer. */
    public synchronized void endCpuAccess(boolean read, boolean write) throws HeapException {
        sync(HeapAbi.DMA_BUF_SYNC_END | flags(read, write));
    }

    private static long flags(boolean read, boolean write) {
        return (read ? HeapAbi.DMA_BUF_SYNC_READ : 0) | (write ? HeapAbi.DMA_BUF_SYNC_WRITE : 0);
    }

    private void sync(long flags) throws HeapException {
        int fd = check();
        try (Memory arg = new Memory(8)) {
            arg.setLong(0, flags);
            LibC.INSTANCE.ioctl(fd, new NativeLong(HeapAbi.DMA_BUF_IOCTL_SYNC), arg);
        } catch (LastErrorException e) {
            throw new HeapException("DMA_BUF_IOCTL_SYNC", "dma-buf fd " + fd, e.getErrorCode(), "");
        }
    }

    /** The open descriptor; IllegalStateException once closed. */
    private int check() {
        int fd = owned.get();
        if (fd < 0) {
            throw new IllegalStateException("dma-buf is closed");
        }
        return fd;
    }

    @Override
    public synchronized void close() {
        if (owned.get() < 0) {
            return;
        }
        if (mapping != null) {
            LibC.INSTANCE.munmap(mapping, new NativeLong(length));
            mapping = null;
        }
        owned.close();
    }
}
