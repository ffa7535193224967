// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

/**
 * The userspace ABI of the generated module: the upstream DMA-BUF heap ioctl and the
 * dma-buf sync ioctl, with their numbers and struct layouts. The numbers are upstream's
 * (include/uapi/linux/dma-heap.h, dma-buf.h); a test compares them with a C program built on
 * the generated module's uapi header.
 */
public final class HeapAbi {
    /** Directory of heap device nodes. */
    public static final String HEAP_DIR = "/dev/dma_heap/";

    /** {@code DMA_HEAP_IOCTL_ALLOC = _IOWR('H', 0, struct dma_heap_allocation_data)}. */
    public static final long DMA_HEAP_IOCTL_ALLOC = 0xc0184800L;
    /** {@code sizeof(struct dma_heap_allocation_data)}. */
    public static final int ALLOCATION_DATA_SIZE = 24;
    /** Offset of {@code __u64 len}. */
    public static final int ALLOCATION_LEN_OFFSET = 0;
    /** Offset of {@code __u32 fd}. */
    public static final int ALLOCATION_FD_OFFSET = 8;
    /** Offset of {@code __u32 fd_flags}. */
    public static final int ALLOCATION_FD_FLAGS_OFFSET = 12;
    /** Offset of {@code __u64 heap_flags}. */
    public static final int ALLOCATION_HEAP_FLAGS_OFFSET = 16;

    /** {@code DMA_BUF_IOCTL_SYNC = _IOW('b', 0, struct dma_buf_sync)}. */
    public static final long DMA_BUF_IOCTL_SYNC = 0x40086200L;

    public static final long DMA_BUF_SYNC_READ = 1;
    public static final long DMA_BUF_SYNC_WRITE = 2;
    public static final long DMA_BUF_SYNC_RW = 3;
    public static final long DMA_BUF_SYNC_START = 0;
    public static final long DMA_BUF_SYNC_END = 4;

    /** open(2) and mmap(2) flags on Linux x86-64 and arm64. */
    public static final int O_RDWR = 02;

    public static final int O_CLOEXEC = 02000000;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;

    private HeapAbi() {}
}
