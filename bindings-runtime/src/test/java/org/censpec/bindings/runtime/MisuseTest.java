package org.censpec.bindings.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Misuse of the bindings, on what the host has (no /dev/dma_heap here: a heap and a dma-buf are
 * played by /dev/null, whose ioctls fail with ENOTTY): hostile heap names, a heap that does not
 * exist, use after close, double close, close racing use from many threads, no fd leaked.
 */
class MisuseTest {
    /**
     * The fds open on /dev/null, the file every heap and buffer of these tests is: the JVM opens
     * and closes its own fds (jars, pipes) at any moment, so counting every fd made the leak
     * checks flaky.
     */
    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(MisuseTest::isDevNull).count();
        }
    }

    private static boolean isDevNull(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().equals("/dev/null");
        } catch (IOException e) {
            return false; // closed while listing (the listing's own fd among them)
        }
    }

    private static int devNull() {
        return LibC.INSTANCE.open("/dev/null", HeapAbi.O_RDWR | HeapAbi.O_CLOEXEC);
    }

    @Test
    void heapNamesThatNameAnotherFileAreRefusedBeforeAnySyscall() {
        for (String bad : new String[] {"", ".", "..", "../../etc/passwd", "a/b", "x\0y"}) {
            assertThrows(IllegalArgumentException.class, () -> Heap.open(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Heap.open((String) null));
    }

    @Test
    void aHeapThatDoesNotExistSaysWhatToCheck() {
        HeapException e = assertThrows(HeapException.class, () -> Heap.open("censpec-no-such-heap"));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(
                e.getMessage().contains("/dev/dma_heap/censpec-no-such-heap")
                        && e.getMessage().contains("is the module loaded?"),
                e.getMessage());
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceIsANoOp() throws Exception {
        long before = openFds();
        Heap heap = new Heap("/dev/null", devNull());
        heap.close();
        heap.close();
        assertThrows(IllegalStateException.class, () -> heap.allocate(4096));
        DmaBuf buf = new DmaBuf(devNull(), 4096);
        buf.close();
        buf.close();
        assertThrows(IllegalStateException.class, buf::fd);
        assertThrows(IllegalStateException.class, buf::map);
        assertThrows(IllegalStateException.class, () -> buf.beginCpuAccess(true, true));
        assertThrows(IllegalStateException.class, () -> buf.endCpuAccess(true, false));
        assertEquals(before, openFds(), "every fd closed exactly once");
    }

    @Test
    void aKernelRefusalIsAClearHeapException() throws Exception {
        try (Heap heap = new Heap("/dev/null", devNull());
                DmaBuf buf = new DmaBuf(devNull(), 4096)) {
            HeapException alloc = assertThrows(HeapException.class, () -> heap.allocate(4096));
            assertEquals(Errno.ENOTTY, alloc.errno());
            assertTrue(
                    alloc.getMessage().startsWith("DMA_HEAP_IOCTL_ALLOC on /dev/null failed: ENOTTY"),
                    alloc.getMessage());
            HeapException sync = assertThrows(HeapException.class, () -> buf.beginCpuAccess(true, false));
            assertEquals(Errno.ENOTTY, sync.errno());
        }
    }

    @Test
    void closeRacingUseFromManyThreadsNeverReachesAnotherFile() throws Exception {
        long before = openFds();
        for (int round = 0; round < 50; round++) {
            DmaBuf buf = new DmaBuf(devNull(), 4096);
            int threads = 8;
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger unexpected = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 200; i++) {
                            if (id == 0 && i == 100) {
                                buf.close();
                            }
                            try {
                                buf.beginCpuAccess(true, true);
                                unexpected.incrementAndGet(); // /dev/null cannot accept DMA_BUF_IOCTL_SYNC
                            } catch (HeapException e) {
                                if (e.errno() != Errno.ENOTTY) {
                                    unexpected.incrementAndGet(); // EBADF: a closed fd was used
                                }
                            } catch (IllegalStateException e) {
                                // closed: refused before any syscall
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                ts.add(th);
                th.start();
            }
            go.countDown();
            for (Thread th : ts) {
                th.join();
            }
            assertEquals(0, unexpected.get(), "round " + round);
        }
        assertEquals(before, openFds(), "no fd leaked");
    }

    @Test
    void buffersAndHeapsDroppedWithoutCloseDoNotLeakTheirFds() throws Exception {
        long before = openFds();
        dropUnclosed(200);
        long after = openFds();
        for (int i = 0; i < 200 && after > before; i++) {
            System.gc();
            Thread.sleep(10);
            after = openFds();
        }
        assertEquals(before, after, "fds of unclosed, unreachable buffers are closed by the cleaner");
    }

    private static void dropUnclosed(int n) {
        for (int i = 0; i < n; i++) {
            new DmaBuf(devNull(), 4096);
            new Heap("/dev/null", devNull());
        }
    }
}
