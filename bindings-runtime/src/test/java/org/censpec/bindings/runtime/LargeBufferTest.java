package org.censpec.bindings.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buffers past what one ByteBuffer addresses (issue 29: {@code map()} cast the length to int, so
 * 4 GiB + 4 KiB mapped as 4 KiB and 2-4 GiB threw IllegalArgumentException). The dma-buf is played
 * by a sparse file of that size (mmap of a dma-buf and of a file are the same call; no memory is
 * used but the pages touched): map() of it is refused naming its size, windows reach every byte,
 * the last page after 4 GiB included, and land where the file says.
 */
class LargeBufferTest {
    private static final long GIB = 1L << 30;
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private DmaBuf sparse(String name, long length) throws Exception {
        Path f = dir.resolve(name);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(length);
        }
        return new DmaBuf(LibC.INSTANCE.open(f.toString(), HeapAbi.O_RDWR | HeapAbi.O_CLOEXEC), length);
    }

    private static byte byteAt(Path f, long offset) throws Exception {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
            r.seek(offset);
            return r.readByte();
        }
    }

    @Test
    void fourGibPlusAPageIsRefusedWholeAndMappedInWindowsToItsLastByte() throws Exception {
        long length = 4 * GIB + PAGE;
        try (DmaBuf b = sparse("big", length)) {
            UnsupportedOperationException whole = assertThrows(UnsupportedOperationException.class, b::map);
            assertTrue(whole.getMessage().contains("dma-buf of 4294971392 bytes"), whole.getMessage());
            assertTrue(whole.getMessage().contains("map(offset, length)"), whole.getMessage());

            ByteBuffer last = b.map(4 * GIB, PAGE);
            assertEquals(PAGE, last.capacity(), "a window is as long as asked, never the length modulo 4 GiB");
            last.put(PAGE - 1, (byte) 0x5a);
            ByteBuffer first = b.map(0, PAGE);
            first.put(0, (byte) 0x3c);
            ByteBuffer across = b.map(2 * GIB - PAGE, 2 * PAGE); // across the 2 GiB line
            across.put(PAGE, (byte) 0x11);
            ByteBuffer widest = b.map(length - DmaBuf.MAX_VIEW, DmaBuf.MAX_VIEW);
            assertEquals(DmaBuf.MAX_VIEW, widest.capacity());
            assertEquals((byte) 0x5a, widest.get(DmaBuf.MAX_VIEW - 1), "windows view one mapping");
        }
        Path f = dir.resolve("big");
        assertEquals((byte) 0x5a, byteAt(f, length - 1), "the last byte written is the buffer's last byte");
        assertEquals((byte) 0x3c, byteAt(f, 0));
        assertEquals((byte) 0x11, byteAt(f, 2 * GIB));
    }

    @Test
    void windowsOutsideTheBufferAreRefused() throws Exception {
        long length = 4 * GIB + PAGE;
        try (DmaBuf b = sparse("big", length)) {
            for (long[] w : new long[][] {
                {-1, 1}, {0, -1}, {length, 1}, {length - PAGE + 1, PAGE}, {Long.MAX_VALUE, 1}, {Long.MIN_VALUE, 0}
            }) {
                assertThrows(
                        IndexOutOfBoundsException.class,
                        () -> b.map(w[0], (int) w[1]),
                        "window of " + w[1] + " at " + w[0]);
            }
            assertEquals(0, b.map(length, 0).capacity(), "an empty window at the end is inside");
        }
    }

    @Test
    void betweenTwoAndFourGibMapIsRefusedWithItsSizeNotAnIllegalArgument() throws Exception {
        try (DmaBuf b = sparse("three", 3 * GIB)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, b::map);
            assertTrue(e.getMessage().contains("dma-buf of 3221225472 bytes"), e.getMessage());
            assertEquals(PAGE, b.map(3 * GIB - PAGE, PAGE).capacity());
        }
    }

    @Test
    void upToTwoGibMinusOneMapIsTheWholeBuffer() throws Exception {
        try (DmaBuf b = sparse("edge", DmaBuf.MAX_VIEW)) {
            ByteBuffer all = b.map();
            assertEquals(DmaBuf.MAX_VIEW, all.capacity());
            all.put(DmaBuf.MAX_VIEW - 1, (byte) 7);
            assertEquals((byte) 7, b.map(DmaBuf.MAX_VIEW - 1, 1).get(0));
        }
        try (DmaBuf small = sparse("small", 3 * PAGE)) {
            assertEquals(3 * PAGE, small.map().capacity());
        }
    }

    @Test
    void aClosedBufferIsClosedWhateverItsSize() throws Exception {
        DmaBuf b = sparse("closed", 4 * GIB + PAGE);
        b.close();
        assertThrows(IllegalStateException.class, b::map);
        assertThrows(IllegalStateException.class, () -> b.map(0, PAGE));
    }
}
