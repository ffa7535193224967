package org.censpec.codegen;

/** Linux's {@code _IOC} encoding (asm-generic/ioctl.h: x86-64 and arm64). */
public final class IoctlNumbers {
    private static final int NRSHIFT = 0;
    private static final int TYPESHIFT = 8;
    private static final int SIZESHIFT = 16;
    private static final int DIRSHIFT = 30;
    private static final long WRITE = 1;
    private static final long READ = 2;

    private IoctlNumbers() {
    }

    public static long iowr(char type, int nr, int size) {
        return ioc(READ | WRITE, type, nr, size);
    }

    public static long iow(char type, int nr, int size) {
        return ioc(WRITE, type, nr, size);
    }

    private static long ioc(long dir, char type, int nr, int size) {
        return (dir << DIRSHIFT) | ((long) type << TYPESHIFT) | ((long) nr << NRSHIFT) | ((long) size << SIZESHIFT);
    }

    /** {@code DMA_HEAP_IOCTL_ALLOC}: struct dma_heap_allocation_data is 24 bytes. */
    public static final long DMA_HEAP_IOCTL_ALLOC = iowr('H', 0, 24);
    /** {@code DMA_BUF_IOCTL_SYNC}: struct dma_buf_sync is 8 bytes. */
    public static final long DMA_BUF_IOCTL_SYNC = iow('b', 0, 8);
}
