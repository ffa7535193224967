package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Spec;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU-sync attributes of every map and unmap of a replay: predicted from the plan's own
 * results by the runtime's rule (a map skips the sync only while another attachment is mapped,
 * an unmap never), compared with the kernel's dma_map_sg/dma_unmap_sg events, and not proven
 * where the kernel has no such events.
 */
class MapSyncCallsTest {
    @TempDir
    Path tmp;

    static final String SPEC = """
            spec board;
            ram 4G;
            allocator dma32 { backend pages_dma32; below 4G; }
            device vdec { dma_bits 32; match "rockchip,vdec"; }
            device vop { dma_bits 32; }
            share play { vdec, vop }
            flow watch on play { actor d { attach vdec; a: attach vop; map vdec; } actor s { wait d.a; map vop; } }
            """;

    private ReplayPlan plan(String text) throws Exception {
        Path f = tmp.resolve("board.cen");
        Files.writeString(f, text);
        CheckedSpec c = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(f);
        return ReplayPlan.of(
                c.spec().orElseThrow(),
                c.findings(),
                400,
                new TargetMemory(
                        TargetMemory.Contiguous.cma(128L << 20, "test"), Map.of(), new TargetMemory.Ram(0, 1L << 30)));
    }

    private static List<String> texts(List<MapSyncCalls.Call> calls) {
        return calls.stream().map(MapSyncCalls.Call::text).toList();
    }

    @Test
    void aMapSkipsItsSyncOnlyWhileAnotherAttachmentIsMappedAndEveryUnmapSyncs() throws Exception {
        ReplayPlan plan = plan(SPEC);
        Spec spec = plan.prediction().spec();
        List<MapSyncCalls.Call> calls = MapSyncCalls.predict(spec, plan);
        List<String> flow = texts(calls.stream()
                .filter(c -> c.command().scenario().startsWith("flow watch heap play execution 1/"))
                .filter(c -> c.text().startsWith("map "))
                .toList());
        assertEquals(
                List.of("map board-vdec BIDIRECTIONAL sync", "map board-vop BIDIRECTIONAL skip"),
                flow.subList(0, 2),
                flow.toString());
        // every map is unmapped by the end, and no unmap skips the CPU sync
        List<String> all = texts(calls);
        assertEquals(
                all.stream().filter(t -> t.startsWith("map ")).count(),
                all.stream().filter(t -> t.startsWith("unmap ")).count());
        assertTrue(all.stream().filter(t -> t.startsWith("unmap ")).allMatch(t -> t.endsWith(" sync")), all::toString);
        // the match stand-in is the device its first match string names
        assertTrue(all.contains("map rockchip,vdec BIDIRECTIONAL sync"), all::toString);
        assertTrue(all.stream().anyMatch(t -> t.startsWith("map board-@raw32 ")), all::toString);
    }

    @Test
    void aMapTheModelRefusesMakesNoCall() throws Exception {
        ReplayPlan plan = plan(SPEC);
        List<MapSyncCalls.Call> calls = MapSyncCalls.predict(plan.prediction().spec(), plan);
        // @nomask has no DMA mask: its map is refused (EINVAL) before the DMA API
        assertTrue(plan.expected().values().stream()
                .anyMatch(e -> e.command().equals("map @nomask") && e.rc() == -ReplayPlan.EINVAL));
        assertTrue(calls.stream().noneMatch(c -> c.text().contains("@nomask")), texts(calls)::toString);
        assertTrue(
                calls.stream()
                        .filter(c -> c.text().startsWith("map "))
                        .allMatch(c -> c.command().rc() == 0),
                "a map comes of a map command that succeeds");
    }

    private static GuestResults guest(List<String> calls, String end) {
        List<String> lines = new ArrayList<>();
        lines.add("@@CENSPEC DMAMAP board_test map virtio0 TO_DEVICE sync");
        calls.forEach(c -> lines.add("@@CENSPEC DMAMAP board_test " + c));
        lines.add("@@CENSPEC DMAMAP-TRACE board_test " + end);
        return GuestResults.parse(String.join("\n", lines));
    }

    @Test
    void theKernelsCallsAreComparedWithTheModelsAndAnyDifferenceFails() throws Exception {
        ReplayPlan plan = plan(SPEC);
        Spec spec = plan.prediction().spec();
        List<String> want = texts(MapSyncCalls.predict(spec, plan));
        List<String> notProven = new ArrayList<>();
        Optional<ProveReport.Check> same = MapSyncCalls.check(spec, plan, guest(want, "done"), "board_test", notProven);
        assertEquals(1, same.orElseThrow().passed(), "another device's calls are not the module's");
        // the fault the boots could not see: the first map of a buffer skips its CPU sync
        List<String> skipping = want.stream()
                .map(t -> t.startsWith("map ") ? t.replace(" sync", " skip") : t)
                .toList();
        ProveReport.Check bad = MapSyncCalls.check(spec, plan, guest(skipping, "done"), "board_test", notProven)
                .orElseThrow();
        assertEquals(1, bad.failed());
        ProveReport.Failure f = bad.failures().get(0);
        assertTrue(f.model().endsWith(" sync") && f.kernel().endsWith(" skip"), f.toString());
        assertTrue(f.model().startsWith("map ") && f.why().startsWith("call 1;"), f.toString());
        assertEquals(List.of(), notProven);
    }

    @Test
    void aKernelWithoutTheEventsOrALostTraceProvesNothing() throws Exception {
        ReplayPlan plan = plan(SPEC);
        Spec spec = plan.prediction().spec();
        List<String> notProven = new ArrayList<>();
        assertTrue(MapSyncCalls.check(spec, plan, guest(List.of(), "unavailable"), "board_test", notProven)
                .isEmpty());
        assertTrue(notProven.get(0).startsWith("map/unmap sync attributes not observable on this kernel"));
        assertTrue(MapSyncCalls.check(spec, plan, guest(List.of(), "lost 10/12"), "board_test", notProven)
                .isEmpty());
        assertTrue(notProven.get(1).contains("10/12"), notProven.get(1));
        ProveReport.Check none = MapSyncCalls.check(spec, plan, new GuestResults(), "board_test", notProven)
                .orElseThrow();
        assertEquals("no trace", none.failures().get(0).kernel(), "no trace at all is a failure");
    }
}
