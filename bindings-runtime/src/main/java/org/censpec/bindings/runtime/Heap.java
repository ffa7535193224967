// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

/**
 * A DMA-BUF heap of the generated module: {@code /dev/dma_heap/NAME}. Allocation returns a
 * dma-buf with no backing pages yet; the module allocates at the first map, from the best
 * allocator that every attached device accepts. Safe to share between threads: allocation and
 * close are serialized, so a close never lets another thread use a recycled fd number; a heap
 * dropped without close has its fd closed when it is garbage-collected.
 */
public final class Heap implements AutoCloseable {
    private final String path;
    private final OwnedFd owned;

    Heap(String path, int fd) {
        this.path = path;
        this.owned = new OwnedFd(this, fd);
    }

    /** Opens the heap of a share (a generated {@code Share} constant) or of a whole spec. */
    public static Heap open(HeapName heap) throws HeapException {
        return open(heap.heapName());
    }

    /**
     * Opens {@code /dev/dma_heap/NAME}. A name that is empty, {@code .} or {@code ..}, or holds a
     * {@code /} or a NUL is refused with {@link IllegalArgumentException}: it would name another file.
     */
    public static Heap open(String name) throws HeapException {
        if (name == null
                || name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a heap name: " + (name == null ? "null" : "'" + name + "'"));
        }
        String path = HeapAbi.HEAP_DIR + name;
        try {
            return new Heap(path, LibC.INSTANCE.open(path, HeapAbi.O_RDWR | HeapAbi.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw new HeapException(
                    "open", path, e.getErrorCode(), e.getErrorCode() == Errno.ENOENT ? "is the module loaded?" : "");
        }
    }

    /** Allocates a buffer of {@code length} bytes (rounded up to whole pages by the kernel). */
    public synchronized DmaBuf allocate(long length) throws HeapException {
        int fd = owned.get();
        if (fd < 0) {
            throw new IllegalStateException("heap " + path + " is closed");
        }
        try (Memory data = new Memory(HeapAbi.ALLOCATION_DATA_SIZE)) {
            data.clear();
            data.setLong(HeapAbi.ALLOCATION_LEN_OFFSET, length);
            data.setInt(HeapAbi.ALLOCATION_FD_FLAGS_OFFSET, HeapAbi.O_RDWR | HeapAbi.O_CLOEXEC);
            data.setLong(HeapAbi.ALLOCATION_HEAP_FLAGS_OFFSET, 0);
            try {
                LibC.INSTANCE.ioctl(fd, new NativeLong(HeapAbi.DMA_HEAP_IOCTL_ALLOC), data);
            } catch (LastErrorException e) {
                throw new HeapException(
                        "DMA_HEAP_IOCTL_ALLOC", path, e.getErrorCode(), allocMeaning(e.getErrorCode(), length));
            }
            return new DmaBuf(data.getInt(HeapAbi.ALLOCATION_FD_OFFSET), length);
        }
    }

    private static String allocMeaning(int errno, long length) {
        if (errno == Errno.EINVAL) {
            return length <= 0 ? "length " + length + " is not allowed" : "length or flags refused";
        }
        if (errno == Errno.ENOMEM) {
            return "no memory for " + length + " bytes";
        }
        if (errno == Errno.EMFILE) {
            return "the process has no free file descriptor (ulimit -n): close buffers no longer used";
        }
        return "";
    }

    /** The heap's device node. */
    public String path() {
        return path;
    }

    @Override
    public synchronized void close() {
        owned.close();
    }
}
