package org.censpec.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.censpec.bindings.rpi4_camera.Share;
import org.censpec.bindings.runtime.DmaBuf;
import org.censpec.bindings.runtime.Heap;
import org.censpec.bindings.runtime.HeapAbi;
import org.censpec.bindings.runtime.HeapException;

/**
 * Runs inside the qemu test guest (prove/guest/README.md, "Java bindings"),
 * against a loaded test build of a generated module:
 *
 * <pre>java org.censpec.guest.GuestBindingsTest MODULE CTL|- HEAP_PATH...</pre>
 *
 * For rpi4_camera it exercises the generated Java bindings on every heap (allocate, map,
 * pattern written and read back inside begin/endCpuAccess, every error path) and, for
 * rpi4_camera and imx8mp_evk, drives scenarios through the control device with plain Java
 * file I/O and compares every result line with what {@link CtlModel} predicts from the
 * generated masks. Prints {@code @@CENSPEC JAVA PASS|FAIL <name> [detail]} per check and
 * {@code @@CENSPEC JAVA SUMMARY <n> passed, <n> failed}; exits 1 when something failed.
 */
public final class GuestBindingsTest {
    static final int KIB = 1024;
    static final int MIB = 1024 * 1024;
    static final int PAGE = 4096;

    private int passed;
    private int failed;

    /** One check: throws on failure; returns an optional detail for the PASS line. */
    interface Check {
        Object run() throws Exception;
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.out.println("@@CENSPEC JAVA FAIL usage GuestBindingsTest MODULE CTL|- HEAP_PATH...");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        GuestBindingsTest t = new GuestBindingsTest();
        String module = args[0];
        String ctl = args[1];
        List<String> heaps = List.of(args).subList(2, args.length);
        t.check("jvm", () -> "java " + System.getProperty("java.version") + " " + System.getProperty("java.vm.name")
                + " module=" + module);
        switch (module) {
            case "rpi4_camera" -> {
                t.bindings(heaps);
                t.ctlScenarios(ctl, Boards.rpi4(), Boards.RPI4_SCENARIOS);
            }
            case "imx8mp_evk" -> t.ctlScenarios(ctl, Boards.imx8mp(), Boards.IMX8MP_SCENARIOS);
            default -> t.fail("module", "no guest test for module " + module);
        }
        System.out.println("@@CENSPEC JAVA SUMMARY " + t.passed + " passed, " + t.failed + " failed ("
                + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        System.out.flush();
        System.exit(t.failed == 0 ? 0 : 1);
    }

    void check(String name, Check c) {
        String detail;
        long t0 = System.nanoTime();
        try {
            Object d = c.run();
            detail = d == null ? "" : d.toString();
        } catch (Throwable e) {
            fail(name, e.toString().replace('\n', ' ') + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            return;
        }
        passed++;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("@@CENSPEC JAVA PASS " + name + (detail.isEmpty() ? "" : " " + detail) + " (" + ms + " ms)");
    }

    void fail(String name, String why) {
        failed++;
        System.out.println("@@CENSPEC JAVA FAIL " + name + " " + why);
    }

    static long openFds() throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Opens a heap and allocates {@code n} buffers, closing none of them. */
    static void allocateAndDrop(int n) throws HeapException {
        Heap h = Heap.open(Share.GENERIC_HEAP);
        for (int i = 0; i < n; i++) {
            h.allocate(PAGE);
        }
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Runs {@code c}, which must throw {@code type}; returns the throwable. */
    static <T extends Throwable> T expect(Class<T> type, Check c) {
        try {
            c.run();
        } catch (Throwable e) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + e, e);
        }
        throw new AssertionError("expected " + type.getSimpleName() + ", nothing thrown");
    }

    // ---- the generated bindings -----------------------------------------------------

    void bindings(List<String> heapPaths) {
        check("heaps-match", () -> {
            Set<String> want = new TreeSet<>();
            want.add(HeapAbi.HEAP_DIR + Share.GENERIC_HEAP);
            for (Share s : Share.values()) {
                want.add(HeapAbi.HEAP_DIR + s.heapName());
            }
            Set<String> got = new TreeSet<>(heapPaths);
            require(want.equals(got), "bindings name " + want + ", the module created " + got);
            return String.join(",", got);
        });
        List<String> names = new ArrayList<>();
        names.add(Share.GENERIC_HEAP);
        for (Share s : Share.values()) {
            names.add(s.heapName());
        }
        for (Share s : Share.values()) {
            check("open-share-" + s.specName(), () -> {
                try (Heap h = Heap.open(s)) {
                    require(h.path().equals(HeapAbi.HEAP_DIR + s.heapName()), "path " + h.path());
                    return h.path() + " mask=0x" + Long.toHexString(s.mask());
                }
            });
        }
        long[] lengths = {4 * KIB, 12345, 64 * KIB, MIB, 4 * MIB};
        for (String name : names) {
            for (long len : lengths) {
                if (len == 12345 && !name.equals(Share.GENERIC_HEAP)) {
                    continue;
                }
                check("rw-" + name + "-" + len, () -> readWrite(name, len));
            }
        }
        check("many-buffers", GuestBindingsTest::manyBuffers);
        check("buffer-outlives-heap", () -> {
            DmaBuf b;
            try (Heap h = Heap.open(Share.GENERIC_HEAP)) {
                b = h.allocate(64 * KIB);
            }
            try (DmaBuf buf = b) {
                ByteBuffer m = buf.map();
                buf.beginCpuAccess(true, true);
                m.putLong(8 * KIB, 0x1234_5678_9abc_def0L);
                require(m.getLong(8 * KIB) == 0x1234_5678_9abc_def0L, "read back");
                buf.endCpuAccess(true, true);
            }
            return "";
        });
        check("fd-is-dmabuf", () -> {
            try (Heap h = Heap.open(Share.GENERIC_HEAP); DmaBuf b = h.allocate(PAGE)) {
                Path link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + b.fd()));
                require(link.toString().contains("dmabuf"), "/proc/self/fd/" + b.fd() + " -> " + link);
                return "fd " + b.fd() + " -> " + link;
            }
        });
        check("map-same-mapping", () -> {
            try (Heap h = Heap.open(Share.GENERIC_HEAP); DmaBuf b = h.allocate(2 * PAGE)) {
                ByteBuffer m1 = b.map();
                ByteBuffer m2 = b.map();
                b.beginCpuAccess(false, true);
                m1.putInt(PAGE, 0xcafe);
                b.endCpuAccess(false, true);
                b.beginCpuAccess(true, false);
                require(m2.getInt(PAGE) == 0xcafe, "second map() does not see the first one's write");
                b.endCpuAccess(true, false);
                require(m1.isDirect() && m1.capacity() == 2 * PAGE, "direct buffer of the length: " + m1);
            }
            return "";
        });

        // Error paths.
        check("alloc-zero-einval", () -> {
            try (Heap h = Heap.open(Share.GENERIC_HEAP)) {
                HeapException e = expect(HeapException.class, () -> h.allocate(0));
                require(e.errno() == CtlModel.EINVAL, "errno " + e.errno() + ": " + e.getMessage());
                require(e.getMessage().contains("EINVAL"), "message names EINVAL: " + e.getMessage());
                return e.getMessage();
            }
        });
        for (long len : new long[] {1L << 62, -1L, Long.MAX_VALUE}) {
            check("alloc-oversized-" + Long.toHexString(len), () -> {
                try (Heap h = Heap.open(Share.GENERIC_HEAP)) {
                    HeapException e = expect(HeapException.class, () -> {
                        h.allocate(len).close();
                        return null;
                    });
                    require(e.errno() == CtlModel.EINVAL || e.errno() == CtlModel.ENOMEM,
                            "errno " + e.errno() + ": " + e.getMessage());
                    return e.getMessage();
                }
            });
        }
        // Misuse and load (issue 16): dropped without close, fd exhaustion, threads on one heap and buffer.
        check("gc-without-close-no-fd-leak", () -> {
            long before = openFds();
            allocateAndDrop(64);
            long after = openFds();
            for (int i = 0; i < 100 && after > before; i++) {
                System.gc();
                Thread.sleep(20);
                after = openFds();
            }
            require(after <= before, "fds before " + before + ", after dropping 64 buffers and a heap unclosed: " + after);
            return "fds " + before + " -> " + after + " after 64 unclosed buffers were collected";
        });
        check("fd-exhaustion-emfile", () -> {
            List<DmaBuf> held = new ArrayList<>();
            try (Heap h = Heap.open(Share.GENERIC_HEAP)) {
                HeapException e = null;
                while (e == null && held.size() < 100_000) {
                    try {
                        held.add(h.allocate(PAGE));
                    } catch (HeapException x) {
                        e = x;
                    }
                }
                require(e != null && e.errno() == CtlModel.EMFILE, "after " + held.size() + " buffers: " + e);
                String msg = e.getMessage();
                held.forEach(DmaBuf::close);
                held.clear();
                try (DmaBuf again = h.allocate(PAGE)) {
                    require(again.fd() >= 0, "allocation after the fds were freed");
                }
                return msg;
            } finally {
                held.forEach(DmaBuf::close);
            }
        });
        check("threads-on-one-heap-and-buffer", () -> {
            int threads = 8;
            java.util.concurrent.atomic.AtomicInteger unexpected = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger ops = new java.util.concurrent.atomic.AtomicInteger();
            long before = openFds();
            try (Heap h = Heap.open(Share.GENERIC_HEAP)) {
                DmaBuf shared = h.allocate(PAGE);
                List<Thread> ts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    Thread th = new Thread(() -> {
                        for (int i = 0; i < 200; i++) {
                            ops.incrementAndGet();
                            try {
                                if (id == 0 && i == 100) {
                                    shared.close(); // races the others' syncs
                                } else if (i % 2 == 0) {
                                    h.allocate(PAGE).close();
                                } else {
                                    shared.beginCpuAccess(true, true);
                                    shared.endCpuAccess(true, true);
                                }
                            } catch (IllegalStateException closed) {
                                // refused before any syscall: the buffer was closed
                            } catch (HeapException | RuntimeException e) {
                                unexpected.incrementAndGet();
                            }
                        }
                    });
                    ts.add(th);
                    th.start();
                }
                for (Thread th : ts) {
                    th.join();
                }
            }
            require(unexpected.get() == 0, unexpected.get() + " unexpected errors in " + ops.get() + " operations");
            require(openFds() <= before, "fds before " + before + ", after " + openFds());
            return ops.get() + " operations from " + threads + " threads, no unexpected error, no fd leaked";
        });
        check("map-too-big-for-contiguous-enomem", () -> {
            // The preview share's heap starts with cma_low only: contiguous from the buddy
            // allocator, at most 4 MiB; the buffer is created but cannot be backed.
            try (Heap h = Heap.open(Share.PREVIEW); DmaBuf b = h.allocate(8 * MIB)) {
                HeapException e = expect(HeapException.class, b::map);
                require(e.errno() == CtlModel.ENOMEM, "errno " + e.errno() + ": " + e.getMessage());
                return e.getMessage();
            }
        });
        check("closed-buffer-illegal-state", () -> {
            try (Heap h = Heap.open(Share.GENERIC_HEAP)) {
                DmaBuf b = h.allocate(PAGE);
                b.map();
                b.close();
                IllegalStateException e = expect(IllegalStateException.class, () -> b.fd());
                expect(IllegalStateException.class, b::map);
                expect(IllegalStateException.class, () -> {
                    b.beginCpuAccess(true, true);
                    return "";
                });
                expect(IllegalStateException.class, () -> {
                    b.endCpuAccess(true, true);
                    return "";
                });
                return e.getMessage();
            }
        });
        check("double-close", () -> {
            Heap h = Heap.open(Share.GENERIC_HEAP);
            int fd;
            try {
                DmaBuf b = h.allocate(PAGE);
                fd = b.fd();
                b.map();
                b.close();
                b.close();
                try (DmaBuf again = b) {
                    require(again.length() == PAGE, "length after close");
                }
            } finally {
                h.close();
            }
            h.close();
            IllegalStateException e = expect(IllegalStateException.class, () -> h.allocate(PAGE));
            Path link = Path.of("/proc/self/fd/" + fd);
            require(!Files.exists(link) || !Files.readSymbolicLink(link).toString().contains("dmabuf"),
                    "fd " + fd + " still open");
            return "closed heap: " + e.getMessage();
        });
        check("open-missing-enoent", () -> {
            HeapException e = expect(HeapException.class, () -> Heap.open("no_such_heap"));
            require(e.errno() == CtlModel.ENOENT, "errno " + e.errno());
            require(e.getMessage().contains("/dev/dma_heap/no_such_heap") && e.getMessage().contains("ENOENT")
                    && e.getMessage().contains("module"), "unhelpful message: " + e.getMessage());
            return e.getMessage();
        });
    }

    /** Allocate, map, check zero fill, write a per-page pattern, read it back. */
    static String readWrite(String heap, long len) throws Exception {
        try (Heap h = Heap.open(heap); DmaBuf b = h.allocate(len)) {
            require(b.fd() >= 0, "fd " + b.fd());
            require(b.length() == len, "length " + b.length());
            ByteBuffer m = b.map();
            require(m.capacity() == len, "mapping capacity " + m.capacity());
            int pages = (int) ((len + PAGE - 1) / PAGE);
            long seed = len * 31 + heap.hashCode();
            byte[] block = new byte[PAGE];
            for (int i = 0; i < PAGE; i++) {
                block[i] = (byte) (i * 7 + seed);
            }
            b.beginCpuAccess(true, true);
            for (int p = 0; p < pages; p++) {
                int off = p * PAGE;
                require(m.getLong(off) == 0, "new memory not zero at page " + p);
                int n = (int) Math.min(PAGE, len - off);
                m.put(off, block, 0, n);
                if (n >= 8) {
                    m.putLong(off, seed ^ p);
                }
            }
            b.endCpuAccess(true, true);

            b.beginCpuAccess(true, false);
            byte[] got = new byte[PAGE];
            for (int p = 0; p < pages; p++) {
                int off = p * PAGE;
                int n = (int) Math.min(PAGE, len - off);
                if (n >= 8) {
                    require(m.getLong(off) == (seed ^ p), "page " + p + " head");
                }
                if (p == 0 || p == pages / 2 || p == pages - 1) {
                    m.get(off, got, 0, n);
                    require(Arrays.equals(got, 8, n, block, 8, n), "page " + p + " body");
                }
            }
            b.endCpuAccess(true, false);
            return pages + " pages";
        }
    }

    static String manyBuffers() throws Exception {
        List<DmaBuf> bufs = new ArrayList<>();
        try (Heap h = Heap.open(Share.GENERIC_HEAP)) {
            for (int i = 0; i < 32; i++) {
                DmaBuf b = h.allocate(PAGE);
                bufs.add(b);
                b.beginCpuAccess(false, true);
                b.map().putInt(0, 0x5a00 + i);
                b.endCpuAccess(false, true);
            }
            for (int i = 0; i < bufs.size(); i++) {
                DmaBuf b = bufs.get(i);
                b.beginCpuAccess(true, false);
                require(b.map().getInt(0) == 0x5a00 + i, "buffer " + i + " lost its pattern");
                b.endCpuAccess(true, false);
            }
        } finally {
            bufs.forEach(DmaBuf::close);
        }
        return "32 buffers";
    }

    // ---- the control device ---------------------------------------------------------

    /** A scenario: a name and command lines; a line "CMD => rc=..." carries a fixed expectation. */
    record Scenario(String name, List<String> lines) {
    }

    void ctlScenarios(String ctl, CtlModel.Board board, List<Scenario> scenarios) {
        if (ctl.equals("-")) {
            fail("ctl", "no control device (is this the CENSPEC_TEST=1 build?)");
            return;
        }
        for (Scenario s : scenarios) {
            check("ctl-" + s.name(), () -> runScenario(ctl, board, s));
        }
        check("ctl-write-too-long", () -> {
            try (FileChannel ch = FileChannel.open(Path.of(ctl), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                byte[] line = new byte[200];
                Arrays.fill(line, (byte) 'x');
                IOException e = expect(IOException.class, () -> ch.write(ByteBuffer.wrap(line)));
                return "write of 200 bytes refused: " + e.getMessage();
            }
        });
    }

    /** All commands through one FileChannel: one write per command, then read to EOF. */
    static String runScenario(String ctl, CtlModel.Board board, Scenario s) throws IOException {
        CtlModel model = new CtlModel(board);
        List<String> problems = new ArrayList<>();
        int refusals = 0;
        try (FileChannel ch = FileChannel.open(Path.of(ctl), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (String raw : s.lines()) {
                String cmd = raw;
                String want;
                int arrow = raw.indexOf("=>");
                if (arrow >= 0) {
                    cmd = raw.substring(0, arrow).trim();
                    want = raw.substring(arrow + 2).trim();
                } else {
                    want = model.run(cmd).render();
                }
                String got = command(ch, cmd);
                System.out.println("@@CENSPEC JAVA CTL " + s.name() + " " + cmd + " -> " + got);
                if (!got.equals(want)) {
                    problems.add("'" + cmd + "': want " + want + ", got " + got);
                } else if (!got.startsWith("rc=0 ")) {
                    refusals++;
                }
            }
        }
        require(problems.isEmpty(), String.join("; ", problems));
        return s.lines().size() + " commands, " + refusals + " refusals as predicted";
    }

    static String command(FileChannel ch, String cmd) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((cmd + "\n").getBytes(StandardCharsets.US_ASCII));
        int n = ch.write(out);
        require(n == out.capacity(), "short write " + n);
        ByteBuffer in = ByteBuffer.allocate(4096);
        while (in.hasRemaining() && ch.read(in) > 0) {
            // read until EOF (the device returns 0 after the result line)
        }
        String s = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }

    /** The boards and scenarios, from the generated bindings of each spec. */
    static final class Boards {
        private Boards() {
        }

        static CtlModel.Board rpi4() {
            List<String> allocs = new ArrayList<>();
            long all = 0;
            for (org.censpec.bindings.rpi4_camera.Allocator a : org.censpec.bindings.rpi4_camera.Allocator.values()) {
                allocs.add(a.specName());
                all |= a.bit();
            }
            Map<String, Long> devs = new java.util.LinkedHashMap<>();
            for (org.censpec.bindings.rpi4_camera.Device d : org.censpec.bindings.rpi4_camera.Device.values()) {
                devs.put(d.specName(), d.mask());
            }
            Map<String, Long> heaps = new java.util.LinkedHashMap<>();
            heaps.put(Share.GENERIC_HEAP, all);
            for (Share s : Share.values()) {
                heaps.put(s.specName(), s.mask());
            }
            return new CtlModel.Board(allocs, devs, heaps);
        }

        static CtlModel.Board imx8mp() {
            List<String> allocs = new ArrayList<>();
            long all = 0;
            for (org.censpec.bindings.imx8mp_evk.Allocator a : org.censpec.bindings.imx8mp_evk.Allocator.values()) {
                allocs.add(a.specName());
                all |= a.bit();
            }
            Map<String, Long> devs = new java.util.LinkedHashMap<>();
            for (org.censpec.bindings.imx8mp_evk.Device d : org.censpec.bindings.imx8mp_evk.Device.values()) {
                devs.put(d.specName(), d.mask());
            }
            Map<String, Long> heaps = new java.util.LinkedHashMap<>();
            heaps.put(org.censpec.bindings.imx8mp_evk.Share.GENERIC_HEAP, all);
            for (org.censpec.bindings.imx8mp_evk.Share s : org.censpec.bindings.imx8mp_evk.Share.values()) {
                heaps.put(s.specName(), s.mask());
            }
            return new CtlModel.Board(allocs, devs, heaps);
        }

        static final List<Scenario> RPI4_SCENARIOS = List.of(
                // v3d accepts cma_low and dma32; hevc only cma_low. The first map picks
                // cma_low, so hevc attaching after it is accepted by luck.
                new Scenario("attach-after-map-by-luck", List.of("new rpi4_camera", "attach v3d", "map v3d",
                        "attach hevc", "map hevc", "unmap hevc", "unmap v3d", "detach hevc", "detach v3d")),
                new Scenario("preview-share", List.of("new preview", "attach unicam", "attach v3d", "attach hvs",
                        "map v3d", "map hvs", "map unicam", "unmap unicam", "detach unicam", "unmap hvs", "unmap v3d",
                        "detach hvs", "detach v3d")),
                // The control device's own refusals: not attached, twice, mapped, unknown names.
                new Scenario("misuse-refusals", List.of("new rpi4_camera", "map unicam", "attach v3d", "attach v3d",
                        "map v3d", "map v3d", "detach v3d", "unmap hvs", "attach nosuchdev", "frob v3d",
                        "unmap v3d", "detach v3d", "new nosuchheap", "attach v3d")),
                // Beyond the model: cma_low is backed by one buddy block, at most 4 MiB, and
                // a failed first map allocates nothing and chooses nothing.
                new Scenario("contiguous-too-big", List.of("new decode 8388608", "attach hevc",
                        "map hevc => rc=-12 mask=0x1 alloc=- place=-")));

        static final List<Scenario> IMX8MP_SCENARIOS = List.of(
                // npu accepts only system, isi only cma: after npu's map backs the buffer
                // from system, isi's attach is refused with -EBUSY.
                new Scenario("attach-after-map-refused", List.of("new imx8mp_evk", "attach npu", "map npu",
                        "attach isi", "attach gpu", "map gpu", "unmap npu", "unmap gpu", "detach npu", "detach gpu")),
                // Disjoint masks before any map: -EINVAL, and the mask is not narrowed.
                new Scenario("disjoint-masks-refused", List.of("new imx8mp_evk", "attach isi", "attach npu",
                        "attach lcdif", "map lcdif", "map isi", "attach gpu")),
                // A share heap starts with the share's mask: lcdif cannot join inference.
                new Scenario("share-heap-refuses-outsider", List.of("new inference", "attach lcdif", "attach npu",
                        "map npu", "attach isi")));
    }
}
