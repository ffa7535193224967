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
 * close never lets another thread's sync reach a recycled fd number. The buffer returned by
 * {@link #map()} is unmapped by {@link #close()}: touching it afterwards is touching unmapped
 * memory, so close only when no thread still uses the mapping. A DmaBuf dropped without close
 * has its fd closed when it is garbage-collected (its mapping, if any, stays until the process
 * ends: only close() unmaps).
 */
public final class DmaBuf implements AutoCloseable {
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

    /** Maps the buffer (shared, read-write); the same mapping is returned on later calls. */
    public synchronized ByteBuffer map() throws HeapException {
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
        return mapping.getByteBuffer(0, length);
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
