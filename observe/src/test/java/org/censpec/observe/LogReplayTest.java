package org.censpec.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

/** The runtime monitor on hand-written logs: one per finding kind, and the log's own problems. */
class LogReplayTest {
    /** sys (any address) wins over low (below 1G, contiguous); cam reaches only low, gpu both. */
    static final String SPEC = """
            spec board;
            ram 8G;
            property contiguous;
            allocator sys { backend pages; }
            allocator low { backend contiguous; provides contiguous; below 1G; }
            device gpu { dma_bits 64; }
            device cam { dma_bits 30; requires contiguous; }
            device npu { dma_bits 64; forbids contiguous; }
            share frames { cam, gpu }
            flow capture on frames {
                actor camera { attach cam; wait display.ready; map cam; unmap cam; detach cam; }
                actor display { ready: attach gpu; map gpu; unmap gpu; detach gpu; }
            }
            """;

    private final List<String> log = new ArrayList<>();
    private long clock = 100_000_000;

    private static Spec spec() {
        return new SpecReader().parse("board.cen", SPEC).spec().orElseThrow();
    }

    private LogReplayTest line(String task, String event, String fields) {
        clock += 100;
        log.add(String.format(
                "%16s [001] ..... %d.%06d: %s: %s", task, clock / 1_000_000, clock % 1_000_000, event, fields));
        return this;
    }

    private LogReplayTest create(String buf, String heap, String mask) {
        return line("app-100", "cen_create", "spec=board buf=" + buf + " heap=" + heap + " len=4096 mask=" + mask);
    }

    private LogReplayTest attach(String task, String buf, String dev, String mask, int rc) {
        String devMask = dev.equals("cam") ? "0x2" : dev.equals("gpu") ? "0x3" : "0x1";
        return line(
                task,
                "cen_attach",
                "buf=" + buf + " dev=" + dev + ".0 spec_dev=" + dev + " dev_mask=" + devMask + " mask=" + mask + " rc="
                        + rc);
    }

    private LogReplayTest alloc(String task, String buf, String by, String alloc, String mask) {
        return line(
                task,
                "cen_alloc",
                "buf=" + buf + " dev=" + by + ".0 spec_dev=" + by + " alloc=" + alloc + " mask=" + mask
                        + " tried=0x0 len=4096 rc=0");
    }

    private LogReplayTest op(String task, String event, String buf, String dev) {
        return line(task, event, "buf=" + buf + " dev=" + dev + ".0 spec_dev=" + dev + " dir=bidirectional rc=0");
    }

    private List<Finding> replay() throws Exception {
        return replay(new StringReader(String.join("\n", log) + "\n"));
    }

    private static List<Finding> replay(Reader in) throws IOException, ReplayInputException {
        return LogReplay.replay(spec(), "trace.log", in).findings();
    }

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(f -> f.id() + "@" + f.loc().line()).toList();
    }

    private LogReplayTest cleanCapture(String buf) {
        return create(buf, "board-frames", "0x2")
                .attach("cam-200", buf, "cam", "0x2", 0)
                .attach("gl-300", buf, "gpu", "0x2", 0)
                .alloc("gl-300", buf, "gpu", "low", "0x2")
                .op("gl-300", "cen_map", buf, "gpu")
                .op("cam-200", "cen_map", buf, "cam")
                .op("cam-200", "cen_unmap", buf, "cam")
                .op("cam-200", "cen_detach", buf, "cam")
                .op("gl-300", "cen_unmap", buf, "gpu")
                .op("gl-300", "cen_detach", buf, "gpu")
                .line("app-100", "cen_release", "buf=" + buf);
    }

    @Test
    void aFlowRunAsSpecifiedGivesNoFinding() throws Exception {
        log.add("# censpec-record 1 spec=board module=board kernel=6.1.0-test");
        cleanCapture("1");
        assertEquals(List.of(), replay());
    }

    /** gpu maps (allocating from sys) before cam attached; the kernel refuses cam's attach. */
    private LogReplayTest lateAttachCapture() {
        return create("7", "board", "0x3")
                .attach("gl-300", "7", "gpu", "0x3", 0)
                .alloc("gl-300", "7", "gpu", "sys", "0x3")
                .op("gl-300", "cen_map", "7", "gpu")
                .attach("cam-200", "7", "cam", "0x3", -16);
    }

    @Test
    void aMapBeforeAnotherDeviceAttachedIsALateAttachNamingTheMapper() throws Exception {
        lateAttachCapture();
        List<Finding> f = replay();
        // flow capture allows this order (the display may map before the camera attaches): no unspecified
        assertEquals(List.of("observed.late-attach@5"), ids(f));
        Finding late = f.get(0);
        assertTrue(
                late.message()
                        .contains("cam attached after the buffer was allocated from sys when gpu mapped it "
                                + "(task gl-300"),
                late.message());
        assertTrue(late.message().contains("attach cam before the first map"), late.message());
        assertEquals(5, late.trace().size());
        assertEquals("cam-200", late.trace().get(4).actor());
        assertTrue(
                late.trace().get(4).step().startsWith("attach cam at 100.000500 s"),
                late.trace().get(4).step());
    }

    @Test
    void aLateAttachTheKernelAcceptedIsAlsoAKernelMismatch() throws Exception {
        create("7", "board", "0x3")
                .attach("gl-300", "7", "gpu", "0x3", 0)
                .alloc("gl-300", "7", "gpu", "sys", "0x3")
                .op("gl-300", "cen_map", "7", "gpu")
                .attach("cam-200", "7", "cam", "0x2", 0);
        List<String> ids = ids(replay());
        assertTrue(ids.contains("observed.late-attach@5"), ids.toString());
        assertTrue(ids.contains("observed.kernel-mismatch@5"), ids.toString());
    }

    @Test
    void anAttachAfterAllocationThatSuitsTheDeviceIsAWarning() throws Exception {
        create("3", "board-frames", "0x2")
                .attach("cam-200", "3", "cam", "0x2", 0)
                .alloc("cam-200", "3", "cam", "low", "0x2")
                .op("cam-200", "cen_map", "3", "cam")
                .attach("gl-300", "3", "gpu", "0x2", 0);
        List<Finding> f = replay();
        Finding late = f.stream()
                .filter(x -> x.id().equals("observed.attach-after-map"))
                .findFirst()
                .orElseThrow();
        assertEquals(5, late.loc().line());
        assertEquals(org.censpec.model.Severity.WARNING, late.severity());
        assertTrue(late.message().contains("by luck"));
        // the camera's map before the display's attach is not what flow capture allows
        assertTrue(ids(f).contains("observed.unspecified@4"), ids(f).toString());
    }

    @Test
    void anAttachThatEmptiesTheMaskIsRejected() throws Exception {
        create("4", "board", "0x3").attach("cam-200", "4", "cam", "0x2", 0).attach("ml-400", "4", "npu", "0x2", -22);
        assertTrue(ids(replay()).contains("observed.attach-rejected@3"));
    }

    @Test
    void misuseAndUnbalancedStepsAreReported() throws Exception {
        create("5", "board", "0x3")
                .op("gl-300", "cen_map", "5", "gpu")
                .attach("gl-300", "5", "gpu", "0x3", 0)
                .alloc("gl-300", "5", "gpu", "sys", "0x3")
                .op("gl-300", "cen_map", "5", "gpu")
                .op("gl-300", "cen_map", "5", "gpu");
        List<String> ids = ids(replay());
        assertTrue(ids.contains("observed.map-before-attach@2"), ids.toString());
        assertTrue(ids.contains("observed.unbalanced@6"), ids.toString());
    }

    @Test
    void aDeviceTheSpecDoesNotKnowIsNamed() throws Exception {
        create("6", "board", "0x3")
                .line(
                        "vpu-500",
                        "cen_attach",
                        "buf=6 dev=fdea0000.video-codec spec_dev=unmatched dev_mask=0x1 mask=0x1 rc=0");
        // its map refused by the kernel's own rules (no DMA mask): the spec has nothing to say about it
        line("vpu-500", "cen_map", "buf=6 dev=fdea0000.video-codec spec_dev=unmatched dir=bidirectional rc=-22");
        List<Finding> f = replay();
        assertEquals(List.of("observed.unknown-device@2"), ids(f));
        assertTrue(f.get(0).message().contains("'fdea0000.video-codec'"));
        assertTrue(f.get(0).message().contains("{sys}"));
    }

    @Test
    void anAllocatorOtherThanThePredictedOneIsReportedUnlessTheBetterOnesFailed() throws Exception {
        create("8", "board", "0x3").attach("gl-300", "8", "gpu", "0x3", 0).alloc("gl-300", "8", "gpu", "low", "0x3");
        List<Finding> f = replay();
        assertEquals(List.of("observed.unexpected-allocator@3"), ids(f));
        assertTrue(
                f.get(0).message().contains("the spec predicts sys"), f.get(0).message());

        log.clear();
        create("9", "board", "0x3")
                .attach("gl-300", "9", "gpu", "0x3", 0)
                .line("gl-300", "cen_alloc", "buf=9 dev=gpu.0 spec_dev=gpu alloc=low mask=0x3 tried=0x1 len=4096 rc=0");
        assertEquals(List.of(), replay());
    }

    @Test
    void aModuleWhoseMasksDifferFromTheSpecIsAKernelMismatch() throws Exception {
        create("10", "board-frames", "0x3");
        assertEquals(List.of("observed.kernel-mismatch@1"), ids(replay()));
    }

    @Test
    void stepsNoFlowAllowsAreUnspecified() throws Exception {
        create("11", "board-frames", "0x2")
                .attach("gl-300", "11", "gpu", "0x2", 0)
                .op("gl-300", "cen_detach", "11", "gpu");
        List<Finding> f = replay();
        assertEquals(List.of("observed.unspecified@3"), ids(f));
        assertTrue(f.get(0).message().contains("flows: capture"));
    }

    @Test
    void findingsPointAtTheSpecStepTheEventCorrespondsTo() throws Exception {
        create("12", "board-frames", "0x2")
                .attach("cam-200", "12", "cam", "0x2", 0)
                .attach("gl-300", "12", "gpu", "0x2", 0)
                .alloc("gl-300", "12", "gpu", "low", "0x2")
                .op("gl-300", "cen_map", "12", "gpu")
                .op("gl-300", "cen_map", "12", "gpu");
        Finding f = replay().get(0);
        assertEquals("observed.unbalanced", f.id());
        // attach cam is line 11 of the spec (the camera actor), attach gpu line 12
        assertEquals(11, f.trace().get(1).loc().line());
        assertEquals("board.cen", f.trace().get(1).loc().file());
        assertEquals(12, f.trace().get(2).loc().line());
    }

    @Test
    void problemsOfTheLogAreLocatedWarnings() throws Exception {
        log.add("this is not ftrace");
        line("gl-300", "cen_map", "buf=99 dev=gpu.0 spec_dev=gpu dir=bidirectional rc=0");
        line("gl-300", "sched_switch", "prev_comm=a next_comm=b");
        clock -= 10_000;
        cleanCapture("1");
        String text = String.join("\n", log) + "\n" + "           gl-300 [001] ..... 100.0";
        List<Finding> f = replay(new StringReader(text));
        List<String> ids = ids(f);
        assertEquals(List.of("observed.log@1", "observed.log@2", "observed.log@4", "observed.log@15"), ids);
        assertTrue(f.get(0).message().contains("not an ftrace event line"));
        assertTrue(f.get(1).message().contains("before its creation was recorded"));
        assertTrue(f.get(2).message().contains("timestamps go backwards"));
        assertTrue(f.get(3).message().contains("truncated"));
    }

    @Test
    void aLogOfAnotherSpecOrFormatIsRefusedWithItsLocation() {
        ReplayInputException other = assertThrows(
                ReplayInputException.class, () -> replay(new StringReader("# censpec-record 1 spec=rk3399_isp\n")));
        assertEquals("trace.log:1:1: recorded with the module of spec 'rk3399_isp', not 'board'", other.getMessage());
        ReplayInputException version = assertThrows(
                ReplayInputException.class, () -> replay(new StringReader("# censpec-record 7 spec=board\n")));
        assertTrue(version.getMessage().contains("version 7 is not supported"));
        ReplayInputException notTrace =
                assertThrows(ReplayInputException.class, () -> replay(new StringReader("hello\nworld\n")));
        assertTrue(notTrace.getMessage().contains("not a censpec trace"));
    }

    /**
     * The header names the module's own trace system (censpec_board, or censpec_board_test for
     * the test build); logs of an older censpec (no system, or the one system censpec) replay
     * as before, and a log of another module's system is refused like another spec's.
     */
    @Test
    void theTraceSystemOfTheHeaderIsTheSpecsModulesOrTheOlderOne() throws Exception {
        lateAttachCapture();
        String events = String.join("\n", log) + "\n";
        for (String system : List.of(" system=censpec_board", " system=censpec_board_test", "", " system=censpec")) {
            String text = "# censpec-record 1 spec=board" + system + " kernel=6.1.0-test\n" + events;
            LogReplay.Result r = LogReplay.replay(spec(), "trace.log", new StringReader(text));
            assertEquals(5, r.events(), system);
            assertEquals(List.of("observed.late-attach@6"), ids(r.findings()), system);
        }
        for (String system : List.of("censpec_rk3399_isp", "censpec_board_x", "board", "censpec_")) {
            String text = "# censpec-record 1 spec=board system=" + system + "\n" + events;
            ReplayInputException e =
                    assertThrows(ReplayInputException.class, () -> replay(new StringReader(text)), system);
            assertEquals(
                    "trace.log:1:1: recorded from trace system '" + system
                            + "', not one of spec 'board' (censpec_board or censpec_board_test)",
                    e.getMessage());
        }
    }

    @Test
    void aLongLineIsSkippedNotBuffered() throws Exception {
        String text = "x".repeat(TraceLogReader.MAX_LINE * 3) + "\n";
        List<Finding> f = replay(new StringReader(text + "# censpec-record 1 spec=board\n"));
        assertEquals(List.of("observed.log@1"), ids(f));
        assertTrue(f.get(0).message().contains("longer than"));
    }

    /** Thousands of interleaved buffers, streamed: the monitor keeps only the live ones. */
    @Test
    void thousandsOfInterleavedBuffersAreMonitoredInBoundedMemory() throws Exception {
        int buffers = 5_000;
        LogReplayTest template = new LogReplayTest();
        template.cleanCapture("BUF");
        List<String> steps =
                template.log.stream().map(l -> l.substring(l.indexOf(": ") + 2)).toList();
        Reader generated = new Reader() {
            private int n;
            private String pending = "";

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (pending.isEmpty()) {
                    if (n >= buffers * steps.size()) {
                        return -1;
                    }
                    pending = lineFor(n++);
                }
                int k = Math.min(len, pending.length());
                pending.getChars(0, k, cbuf, off);
                pending = pending.substring(k);
                return k;
            }

            /** 100 buffers open at a time, their events interleaved round robin, the clock rising. */
            private String lineFor(int i) {
                int perGroup = 100 * steps.size();
                int within = i % perGroup;
                int buf = (i / perGroup) * 100 + within % 100;
                long micros = 100_000_000L + i;
                return "          app-100 [000] ..... " + micros / 1_000_000 + "."
                        + String.format("%06d", micros % 1_000_000) + ": "
                        + steps.get(within / 100).replace("BUF", Integer.toString(buf)) + "\n";
            }

            @Override
            public void close() {}
        };
        LogReplay.Result r = LogReplay.replay(spec(), "big.log", generated);
        assertEquals(List.of(), r.findings());
        assertEquals(buffers, r.buffers());
        assertEquals(buffers * 11L, r.events());
    }

    /**
     * The runtime refuses to back a buffer for the CPU from protected memory (-EPERM): expected
     * where the access mask holds a protected allocator, a kernel mismatch where it does not.
     */
    @Test
    void aCpuBackingRefusedAtProtectedMemoryIsExpectedOnlyWhereTheMaskHoldsIt() throws Exception {
        Spec spec = new SpecReader().parse("vault.cen", """
                spec vault;
                ram 8G;
                property secure;
                allocator vault { backend pages; provides secure; protected; below 4G; }
                allocator sys { backend pages; }
                device tee { dma_bits 32; requires secure; protected; }
                device gpu { dma_bits 64; }
                share vaulted { tee }
                share plain { gpu }
                """).spec().orElseThrow();
        String header = "# censpec-record 1 spec=vault kernel=6.1.0-test\n";
        String log = header
                + "   app-100 [000] .....   12.000100: cen_create: spec=vault buf=1 heap=vault-vaulted len=4096 mask=0x1\n"
                + "   app-100 [000] .....   12.000200: cen_alloc: buf=1 dev=cpu spec_dev=cpu alloc=- mask=0x1 tried=0x0 len=4096 rc=-1\n"
                + "   app-100 [000] .....   12.000300: cen_create: spec=vault buf=2 heap=vault-plain len=4096 mask=0x2\n"
                + "   app-100 [000] .....   12.000400: cen_alloc: buf=2 dev=cpu spec_dev=cpu alloc=- mask=0x2 tried=0x0 len=4096 rc=-1\n";
        List<Finding> findings =
                LogReplay.replay(spec, "trace.log", new StringReader(log)).findings();
        assertEquals(List.of("observed.kernel-mismatch@5"), ids(findings));
        assertTrue(
                findings.get(0).message().contains("buffer 2"), findings.get(0).message());
    }
}
