package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.censpec.prove.ReplayPlan;
import org.censpec.prove.TargetMemory;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime scenarios the replay adds for rpi4_camera predict what the runtime must do
 * on the test kernel (no CMA: contiguous blocks up to 4 MiB): a 4K NV12 frame on the
 * preview heap (cma_low only) cannot be backed; on the generic heap with v3d it falls back
 * to dma32; the unregistered stand-ins get the masks their DMA reach gives.
 */
class ReplayPlanTest {
    static ReplayPlan plan;
    static List<String> lines;

    @BeforeAll
    static void plan() throws Exception {
        CheckedSpec c = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60))
                .check(CommittedOutput.EXAMPLES.resolve("rpi4_camera.cen"));
        plan = ReplayPlan.of(c.spec().orElseThrow(), c.findings(), 400, TargetMemory.buddyOnly());
        Path out = Path.of("target", "replay-plan", "rpi4_camera.replay");
        Files.createDirectories(out.getParent());
        Files.writeString(out, plan.text());
        Files.writeString(out.resolveSibling("rpi4_camera.expect.replay"), plan.textWithExpectations());
        lines = plan.text().lines().toList();
        CheckedSpec rp = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(RealKernelTest.RUNTIME_PATHS);
        Files.writeString(
                out.resolveSibling("runtime_paths.expect.replay"),
                ReplayPlan.of(rp.spec().orElseThrow(), rp.findings(), 400, TargetMemory.buddyOnly())
                        .textWithExpectations());
    }

    /** The expectations of the scenario whose comment starts with {@code title}, by command. */
    private static List<ReplayPlan.Expected> scenario(String title) {
        int start = lines.indexOf("# " + title);
        assertTrue(start >= 0, "no scenario " + title);
        Map<Integer, ReplayPlan.Expected> e = plan.expected();
        java.util.ArrayList<ReplayPlan.Expected> out = new java.util.ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            out.add(e.get(i + 1));
        }
        return out;
    }

    @Test
    void expectationsFollowEveryCommand() {
        List<String> withExpect = plan.textWithExpectations().lines().toList();
        assertEquals(lines.size(), withExpect.size());
        assertEquals(
                plan.expected().size(),
                withExpect.stream().filter(l -> l.contains(" => rc=")).count());
    }

    @Test
    void aFrameTooLargeForTheContiguousAllocatorIsRefusedOnThePreviewHeap() {
        List<ReplayPlan.Expected> s =
                scenario("runtime: share preview on heap preview, 4K NV12 frame, every device mapped at once");
        assertEquals("new preview 12441600", s.get(0).command());
        ReplayPlan.Expected firstMap = s.stream()
                .filter(x -> x.command().startsWith("map "))
                .findFirst()
                .orElseThrow();
        assertEquals(-ReplayPlan.ENOMEM, firstMap.rc());
        assertEquals("-", firstMap.alloc());
    }

    @Test
    void theCpuBacksALargeFrameFromTheNextAllocator() {
        List<ReplayPlan.Expected> s = scenario(
                "runtime: CPU backs a 4K NV12 frame on heap rpi4_camera (fallback past contiguous allocators)");
        assertEquals("vmap", s.get(1).command());
        assertEquals(0, s.get(1).rc());
        assertEquals("dma32", s.get(1).alloc());
    }

    @Test
    void unregisteredStandInsGetTheirReachAsMask() {
        assertEquals(
                0x3,
                scenario("runtime: unregistered @raw32 on heap rpi4_camera")
                        .get(1)
                        .mask());
        assertEquals(
                0x1,
                scenario("runtime: unregistered @bus1g on heap rpi4_camera")
                        .get(1)
                        .mask());
        List<ReplayPlan.Expected> none = scenario("runtime: unregistered @nomask on heap rpi4_camera");
        assertEquals(0x7, none.get(1).mask());
        assertEquals("map @nomask", none.get(2).command());
        assertEquals(-ReplayPlan.EINVAL, none.get(2).rc());
    }
}
