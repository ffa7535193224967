package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One prediction from the spec and the target: a region the target lacks, one that is not
 * reusable, a bound below the guest's RAM and a CMA area too small send a buffer further down
 * the mask (or nowhere), in the flows as in the runtime scenarios, and the failure output says
 * so; a share's max_size reaches the ABI test.
 */
class PredictionTest {
    @TempDir
    Path tmp;

    /** secure (a protected region) first, then the default CMA area, then pages below 4G. */
    static final String SPEC = """
            spec board;
            ram 4G;
            property contiguous;
            allocator secure { backend contiguous; provides contiguous; protected; region "secure-video"; size 64M; }
            allocator cma { backend contiguous; provides contiguous; below 4G; }
            allocator dma32 { backend pages_dma32; below 4G; }
            device vdec { dma_bits 32; protected; }
            device vop { dma_bits 32; protected; }
            device enc { dma_bits 32; requires contiguous; }
            share play { vdec, vop } max_size 2M;
            share rec { enc, vop }
            flow watch on play { actor d { attach vdec; a: attach vop; map vdec; } actor s { wait d.a; map vop; } }
            flow late on rec { actor a { attach vop; map vop; } actor b { attach enc; } }
            """;

    private CheckedSpec check(String text) throws Exception {
        Path f = tmp.resolve("board.cen");
        Files.writeString(f, text);
        return new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(f);
    }

    private static TargetMemory guest(Map<String, TargetMemory.Region> regions) {
        return new TargetMemory(
                TargetMemory.Contiguous.cma(128L << 20, "test"), regions, new TargetMemory.Ram(1L << 30, 2L << 30));
    }

    private static TargetMemory.Region region(String name, long size, boolean reusable) {
        return new TargetMemory.Region(name, size, reusable, "test");
    }

    /** The expectations of the scenarios whose comment starts with {@code title}, in order. */
    private static List<ReplayPlan.Expected> scenario(ReplayPlan plan, String title) {
        List<String> lines = plan.text().lines().toList();
        int start = lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("# " + title))
                .findFirst()
                .orElseThrow());
        List<ReplayPlan.Expected> out = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            out.add(plan.expected().get(i + 1));
        }
        return out;
    }

    /**
     * Without a board (and in every data boot) the arm64 guest's default CMA area is the pool
     * linux,cma of censpec's extension, which a spec's {@code region "linux,cma"} names (import-dt
     * writes one for a board's default pool): the prediction must find it there, as the runtime
     * does. It was left out, so a 16 MiB CPU backing was predicted in dma32 and charged to the
     * creator, and the kernel served it from linux,cma: import-dt's TQMa8MPxL, data boot.
     */
    @Test
    void theGuestsOwnDefaultCmaPoolIsTheRegionLinuxCma() throws Exception {
        CheckedSpec c = check("""
                spec board;
                ram 2G at 1G;
                property contiguous;
                allocator linux_cma { backend contiguous; provides contiguous; region "linux,cma"; size 896M; }
                allocator dma32 { backend pages_dma32; below 4G; }
                device gpu { dma_bits 32; }
                """);
        Prover.Target virt = new Prover.Target(
                "arm64", "virt", "6.1", List.of("1024M"), 1, List.of(), "", 600, java.util.Optional.empty(), List.of());
        TargetMemory memory = Prover.targetMemory(virt, "1024M", TargetMemory.Contiguous.cma(64L << 20, "kernel"));
        TargetMemory.Region cma = memory.region("linux,cma").orElseThrow();
        assertEquals(128L << 20, cma.size());
        assertTrue(cma.reusable());
        CpuBacking backing = new CpuBacking(c.spec().orElseThrow(), memory);
        assertEquals(0, backing.forCpu(0b11, 16L << 20).allocator(), "linux_cma backs it");
        assertEquals(1, backing.forCpu(0b11, 129L << 20).allocator(), "beyond the pool: dma32");
    }

    @Test
    void aMissingRegionSendsTheFlowToTheNextAllocatorAndSaysSo() throws Exception {
        CheckedSpec c = check(SPEC);
        ReplayPlan with = ReplayPlan.of(
                c.spec().orElseThrow(),
                c.findings(),
                400,
                guest(Map.of("secure-video", region("secure-video", 128L << 20, true))));
        ReplayPlan without = ReplayPlan.of(c.spec().orElseThrow(), c.findings(), 400, guest(Map.of()));
        ReplayPlan.Expected mapWith =
                scenario(with, "flow watch heap play execution 1/").get(3);
        ReplayPlan.Expected mapWithout =
                scenario(without, "flow watch heap play execution 1/").get(3);
        assertEquals("map vdec", mapWith.command());
        assertEquals("secure", mapWith.alloc());
        assertEquals("", mapWith.target());
        assertEquals("cma", mapWithout.alloc());
        assertTrue(
                mapWithout.target().contains("region \"secure-video\" is not in the target's /reserved-memory"),
                mapWithout.target());
        assertTrue(mapWithout.at().endsWith("board.cen:12"), mapWithout.at());
    }

    @Test
    void theTargetsFallbackDecidesALateAttach() throws Exception {
        CheckedSpec c = check(SPEC);
        // vop maps first: on a target with the region the buffer is secure and enc (not
        // protected) is refused; without it the buffer falls back to cma, which enc accepts
        ReplayPlan with = ReplayPlan.of(
                c.spec().orElseThrow(),
                c.findings(),
                400,
                guest(Map.of("secure-video", region("secure-video", 128L << 20, true))));
        ReplayPlan without = ReplayPlan.of(c.spec().orElseThrow(), c.findings(), 400, guest(Map.of()));
        List<ReplayPlan.Expected> w = scenario(with, "flow late heap board execution 1/");
        List<ReplayPlan.Expected> wo = scenario(without, "flow late heap board execution 1/");
        assertEquals("attach enc", w.get(3).command());
        assertEquals(-ReplayPlan.EBUSY, w.get(3).rc());
        assertEquals(0, wo.get(3).rc());
        assertEquals("cma", wo.get(3).alloc());
    }

    @Test
    void noAllocatorLeftIsOutOfMemoryAndEndsTheExecution() throws Exception {
        CheckedSpec c = check(SPEC.replace("below 4G", "below 1G"));
        // on a guest whose RAM starts at 1 GiB cma and dma32 have no memory, and secure-video is missing
        ReplayPlan plan = ReplayPlan.of(c.spec().orElseThrow(), c.findings(), 400, guest(Map.of()));
        List<ReplayPlan.Expected> s = scenario(plan, "flow watch heap play execution 1/");
        assertEquals("map vdec", s.get(3).command());
        assertEquals(-ReplayPlan.ENOMEM, s.get(3).rc());
        assertEquals(4, s.size(), "the execution ends at the failed map");
        assertTrue(
                s.get(3).target().contains("its bound 0x40000000 is at or below the target's RAM"),
                s.get(3).target());
    }

    @Test
    void aRegionThatIsNotReusableOrNamedWithItsUnitAddressIsUnusable() throws Exception {
        CheckedSpec c = check(SPEC);
        Prediction noMap = new Prediction(
                c.spec().orElseThrow(), guest(Map.of("secure-video", region("secure-video", 128L << 20, false))));
        assertTrue(
                noMap.unusable(c.spec().get().allocators().get(0)).orElseThrow().contains("not a reusable"));
        CheckedSpec at = check(SPEC.replace("\"secure-video\"", "\"secure-video@80000000\""));
        Prediction unit = new Prediction(
                at.spec().orElseThrow(), guest(Map.of("secure-video", region("secure-video", 128L << 20, true))));
        assertTrue(
                unit.unusable(at.spec().get().allocators().get(0)).orElseThrow().contains("unit address"));
    }

    @Test
    void aShareMaxSizeReachesTheAbiTestAndTheRegionSizeItsLimit() throws Exception {
        CheckedSpec c = check(SPEC);
        ReplayPlan plan = ReplayPlan.of(
                c.spec().orElseThrow(),
                c.findings(),
                400,
                guest(Map.of("secure-video", region("secure-video", 128L << 20, true))));
        String words = String.join(" ", plan.abiExpectations());
        assertTrue(words.contains("--max-len board-play=2097152"), words);
        assertTrue(words.contains("--expect board-play=protected"), words);
        // rec's mask holds only the contiguous allocators: secure's 64M size caps it, cma's area is 128M
        assertTrue(words.contains("--expect board-rec-contiguous=" + (128L << 20)), words);
        Prediction p =
                new Prediction(c.spec().get(), guest(Map.of("secure-video", region("secure-video", 256L << 20, true))));
        assertEquals(64L << 20, p.largest(c.spec().get().allocators().get(0)), "the spec's size caps the region");
    }

    /**
     * Heap nodes by upstream's naming convention: a node (suffixed name or alias) leads to its
     * share's mask and max_size; the generic heap and unknown nodes have the module's limit.
     */
    @Test
    void aHeapNodeLeadsToItsSharesMaskAndMaxSizeAliasesIncluded() throws Exception {
        CheckedSpec c = check(SPEC.replace(
                "share play { vdec, vop } max_size 2M;",
                "share play { vdec, vop } max_size 2M alias \"vidbuf_cached\";"));
        Prediction p = new Prediction(c.spec().orElseThrow(), guest(Map.of()));
        org.censpec.model.semantics.Acceptance acceptance =
                new org.censpec.model.semantics.Acceptance(c.spec().get());
        long play = acceptance.shareMask(c.spec().get().share("play").orElseThrow());
        assertEquals(2L << 20, p.heapMaxOfNode("board-play"));
        assertEquals(2L << 20, p.heapMaxOfNode("vidbuf_cached"), "an alias is the share's heap");
        assertEquals(play, p.heapOfNode("vidbuf_cached").orElseThrow().mask());
        assertEquals(Prediction.MAX_LEN, p.heapMaxOfNode("board-rec-contiguous"), "rec has no max_size");
        assertEquals(acceptance.all(), p.heapOfNode("board").orElseThrow().mask());
        assertEquals(Prediction.MAX_LEN, p.heapMaxOfNode("board"));
        assertTrue(p.heapOfNode("board-rec").isEmpty(), "the former name is a udev link, not a heap of the module");
    }

    @Test
    void aBufferLargerThanTheCmaAreaFallsBackWithTheTargetNamed() throws Exception {
        CheckedSpec c = check(SPEC);
        TargetMemory small = new TargetMemory(
                TargetMemory.Contiguous.cma(8L << 20, "test"), Map.of(), new TargetMemory.Ram(1L << 30, 2L << 30));
        Prediction p = new Prediction(c.spec().orElseThrow(), small);
        Prediction.Choice choice = p.choose(0b110, 12L << 20);
        assertEquals(2, choice.allocator());
        assertTrue(
                choice.targetNote(c.spec().get()).contains("12 MiB is more than CMA area of 8 MiB"),
                choice.targetNote(c.spec().get()));
    }

    /**
     * Silicon's rule in the one prediction: the CPU backs a buffer from the allocators of the
     * mask in order up to the first protected one, which refuses it (EPERM) whether or not the
     * target could serve it there, while a device's map falls back past a protected region the
     * target lacks; the ABI expectation says how far the CPU gets.
     */
    @Test
    void cpuAccessStopsAtAProtectedAllocatorWhereADeviceMapFallsBackPastIt() throws Exception {
        CheckedSpec c = check(SPEC);
        Prediction absent = new Prediction(c.spec().orElseThrow(), guest(Map.of()));
        CpuBacking backing = new CpuBacking(absent);
        assertEquals(new CpuBacking.Outcome(-1, CpuBacking.EPERM), backing.forCpu(0b011, 4096));
        assertEquals(new CpuBacking.Outcome(1, 0), backing.forDevice(0b011, 4096));
        assertTrue(absent.choose(0b011, 4096).targetNote(c.spec().get()).contains("\"secure-video\" is not in"));
        assertEquals("protected", absent.abiExpectation(0b011));
        CheckedSpec after = check("""
                spec after;
                ram 4G;
                property contiguous;
                allocator cma { backend contiguous; provides contiguous; below 4G; }
                allocator secure { backend contiguous; provides contiguous; protected; region "secure-video"; size 64M; }
                device vdec { dma_bits 32; protected; requires contiguous; }
                share play { vdec }
                """);
        Prediction p = new Prediction(
                after.spec().orElseThrow(), guest(Map.of("secure-video", region("secure-video", 64L << 20, true))));
        assertEquals((128L << 20) + ":protected", p.abiExpectation(0b11));
        String words = String.join(
                " ",
                ReplayPlan.of(after.spec().get(), after.findings(), 400, p.memory())
                        .abiExpectations());
        assertTrue(words.contains("--expect after-play-contiguous=" + (128L << 20) + ":protected"), words);
        assertEquals(new CpuBacking.Outcome(-1, CpuBacking.EPERM), new CpuBacking(p).forCpu(0b11, 256L << 20));
        // too large for both: a device's map ends in ENOMEM, the CPU's access at secure (EPERM)
        assertEquals(new CpuBacking.Outcome(-1, CpuBacking.ENOMEM), new CpuBacking(p).forDevice(0b11, 256L << 20));
    }

    /**
     * A buffer one page larger than a region falls back to the page allocator only where the
     * guest's RAM beside the region can give it (else the kernel answers with the OOM killer,
     * not -ENOMEM): the i.MX8MP corpus board's 896 MiB pool in a 1280 MiB guest is not planned,
     * and the report says so; in a 4 GiB guest it is.
     */
    @Test
    void aFallbackPastALargeRegionIsPlannedOnlyWhereTheGuestsRamCanGiveIt() throws Exception {
        CheckedSpec c = check("""
                spec big;
                ram 4G;
                property contiguous;
                allocator cma { backend contiguous; provides contiguous; region "linux,cma"; size 896M; }
                allocator system { backend pages; }
                device vpu { dma_bits 32; requires contiguous; }
                """);
        Map<String, TargetMemory.Region> pool = Map.of("linux,cma", region("linux,cma", 896L << 20, true));
        TargetMemory small = new TargetMemory(
                TargetMemory.Contiguous.cma(896L << 20, "test"),
                pool,
                new TargetMemory.Ram(1L << 30, (1L << 30) + (1280L << 20)));
        TargetMemory large = new TargetMemory(
                TargetMemory.Contiguous.cma(896L << 20, "test"), pool, new TargetMemory.Ram(1L << 30, 5L << 30));
        ReplayPlan in1280 = ReplayPlan.of(c.spec().orElseThrow(), c.findings(), 400, small);
        ReplayPlan in4g = ReplayPlan.of(c.spec().orElseThrow(), c.findings(), 400, large);
        assertTrue(in4g.text().contains("# runtime: one page more than region linux,cma"), in4g.text());
        assertTrue(in4g.notPlanned().isEmpty(), in4g.notPlanned().toString());
        assertTrue(!in1280.text().contains("# runtime: one page more than region linux,cma"), in1280.text());
        assertTrue(
                in1280.notPlanned().get(0).contains("OOM killer"),
                in1280.notPlanned().toString());
    }

    /**
     * A share no allocator serves (share.empty-intersection) backs nothing: the module answers
     * "no allocator left" (-ENOMEM) at the first map or CPU access, as for a heap whose
     * allocators cannot serve here; heap_abi_test expects nothing backed, the selftest keeps off.
     */
    @Test
    void aShareNoAllocatorServesBacksNothing() throws Exception {
        CheckedSpec c = check(LeftOutStandInsTest.SPEC);
        ReplayPlan plan = ReplayPlan.of(c.spec().orElseThrow(), c.findings(), 8, guest(Map.of()));
        List<ReplayPlan.Expected> onEncode = plan.expected().values().stream()
                .filter(x -> x.scenario().contains("heap encode"))
                .filter(x -> x.command().matches("(mmap|sync|vmap|map .*)"))
                .toList();
        assertTrue(!onEncode.isEmpty());
        assertTrue(onEncode.stream().allMatch(x -> x.rc() == -ReplayPlan.ENOMEM && x.mask() == 0), onEncode.toString());
        assertTrue(
                plan.abiExpectations().contains("media-encode=0"),
                plan.abiExpectations().toString());
        assertTrue(SelftestLimits.of(plan.prediction()).get("media-encode").contains("no allocator"));
        assertEquals(0, plan.predictedOutOfMemory());
    }
}
