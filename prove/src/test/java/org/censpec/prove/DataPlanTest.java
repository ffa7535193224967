package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.censpec.model.Spec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data plan: its expectations are what the correct exporter gives on a bouncing guest,
 * and every fault of the classes the proof must see (an unmap that skips the CPU sync,
 * CPU-access syncs in the access's direction, a begin or end_cpu_access that skips mapped
 * attachments) changes at least one expected read, on every spec.
 */
class DataPlanTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final Path SPECS = Path.of("..", "generated-driver", "src", "test", "resources", "specs");
    static final DataPlan.Target X86 = new DataPlan.Target(TargetMemory.buddyOnly(), 2, true, 28);

    static Stream<Path> specs() {
        return Stream.of(
                EXAMPLES.resolve("rpi4_camera.cen"),
                EXAMPLES.resolve("imx8mp_evk.cen"),
                EXAMPLES.resolve("rk3399_isp.cen"),
                SPECS.resolve("runtime_paths.cen"),
                SPECS.resolve("region_pool.cen"));
    }

    static Spec spec(Path p) throws Exception {
        return new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60))
                .check(p)
                .spec()
                .orElseThrow();
    }

    static final Map<String, ExporterRules> FAULTS = Map.of(
            "unmap skips the CPU sync", new ExporterRules(false, true, true, true),
            "CPU-access syncs in the access's direction", new ExporterRules(true, true, true, false),
            "begin_cpu_access syncs nothing", new ExporterRules(true, false, true, true),
            "end_cpu_access syncs nothing", new ExporterRules(true, true, false, true));

    /** The reads of {@code s} whose value a guest with exporter {@code rules} changes. */
    static List<String> wrongReads(DataScenario s, ExporterRules rules) {
        DmaContract c = new DmaContract(rules);
        List<String> wrong = new ArrayList<>();
        for (DataScenario.Op o : s.ops()) {
            switch (o.kind()) {
                case MAP -> c.map(o.slot(), o.dir());
                case UNMAP -> c.unmap(o.slot());
                case DEVICE_WRITE -> c.deviceWrite(o.slot(), o.region(), o.value());
                case CPU_WRITE -> c.cpuWrite(o.dir(), o.region(), o.value());
                case DEVICE_READ -> {
                    if (c.bouncedDeviceRead(o.slot(), o.region())
                            != o.expected().getAsInt()) {
                        wrong.add(o.toString());
                    }
                }
                case CPU_READ -> {
                    if (c.bouncedCpuRead(o.dir(), o.region()) != o.expected().getAsInt()) {
                        wrong.add(o.toString());
                    }
                }
            }
        }
        return wrong;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void theCorrectExporterMeetsEveryExpectation(Path p) throws Exception {
        DataPlan plan = DataPlan.of(spec(p), X86, 400);
        assertFalse(plan.scenarios().isEmpty(), p.toString());
        for (DataScenario s : plan.scenarios()) {
            assertEquals(List.of(), wrongReads(s, ExporterRules.CORRECT), s.title());
        }
    }

    /**
     * Every scenario sees a skipped unmap sync (the writer's last write comes right before its
     * unmap) and a begin_cpu_access that skips the writer (the CPU reads while it is mapped);
     * every scenario with a bidirectional writer sees access-direction syncs (a write-only
     * sync must not lose the device's data) and an end_cpu_access that skips it.
     */
    @ParameterizedTest
    @MethodSource("specs")
    void everyScenarioSeesTheFaultsItIsBuiltFor(Path p) throws Exception {
        DataPlan plan = DataPlan.of(spec(p), X86, 400);
        for (DataScenario s : plan.scenarios()) {
            boolean bidi = s.title().contains("mapped bidi");
            FAULTS.forEach((what, rules) -> {
                boolean mustSee = what.startsWith("unmap") || what.startsWith("begin") || bidi;
                assertTrue(!mustSee || !wrongReads(s, rules).isEmpty(), what + " unseen in " + s.title());
            });
        }
        System.out.printf(
                "%s: %d scenarios, %d checks, %d transfers%n",
                p.getFileName(), plan.scenarios().size(), plan.checks(), plan.transfers());
    }

    /** The sequence: map hvs to; map unicam from; the camera writes; unmap unicam; the CPU reads. */
    @Test
    void aSkippedUnmapSyncLosesTheCamerasFrame() {
        DmaContract c = new DmaContract(ExporterRules.CORRECT);
        DmaContract skip = new DmaContract(FAULTS.get("unmap skips the CPU sync"));
        for (DmaContract x : List.of(c, skip)) {
            x.cpuWrite(DmaDirection.BIDI, 0, 1);
            x.map(0, DmaDirection.TO_DEVICE);
            x.map(1, DmaDirection.FROM_DEVICE);
            x.deviceWrite(1, 0, 2);
            x.unmap(1);
        }
        assertEquals(2, c.cpuRead(DmaDirection.FROM_DEVICE, 0).getAsInt());
        assertEquals(1, skip.bouncedCpuRead(DmaDirection.FROM_DEVICE, 0));
    }

    /** An engine in an identity domain given a 28-bit mask reaches no allocator of rpi4_camera. */
    @Test
    void anIdentityDomainIsNoIommu() throws Exception {
        String text =
                DataPlan.of(spec(EXAMPLES.resolve("rpi4_camera.cen")), X86, 400).text();
        assertTrue(
                text.contains("engine-mask 1 28 => rc=0\nattach 0 1 => rc=-22\nclose\nengine-mask 1 64 => rc=0\n"),
                text);
        String none = DataPlan.of(
                        spec(EXAMPLES.resolve("rpi4_camera.cen")),
                        new DataPlan.Target(TargetMemory.buddyOnly(), 2, true, 0),
                        400)
                .text();
        assertFalse(none.contains("engine-mask"), none);
    }

    /**
     * The translating engine plays the spec's first {@code iommu} device: refused when its DMA
     * mask is one bit short of the device's dma_bits (at registration, and at attach once
     * registered), and with exactly dma_bits it attaches, maps one IOVA range inside them and
     * moves data on every heap the model gives it; refused where the heap holds none of its
     * allocators (runtime_paths' vaulted: protected memory only). No such section for a spec
     * without an iommu device, nor without a translating engine.
     */
    @Test
    void aSpecIommuDeviceIsHeldToItsIovaWidth() throws Exception {
        DataPlan.Target translating = new DataPlan.Target(TargetMemory.buddyOnly(), 2, true, 28, 2);
        String rk = DataPlan.of(spec(EXAMPLES.resolve("rk3399_isp.cen")), translating, 400)
                .text();
        assertTrue(
                rk.contains("engine-mask 2 31 => rc=0\nregister 2 rk3399_isp 0 => rc=-22\n"
                        + "engine-mask 2 32 => rc=0\nregister 2 rk3399_isp 0 => rc=0\n"),
                rk);
        assertTrue(rk.contains("engine-mask 2 31 => rc=0\nnew rk3399_isp 8192 => rc=0\nattach 0 2 => rc=-22\n"), rk);
        String oneRange = "map 0 bidi => rc=0 cpu_segments>=2 dma_ranges=1 dma_last<4294967296\n";
        // three heaps (the generic one, isp_preview, cif_capture), each holding an allocator isp accepts
        assertEquals(3, rk.split(oneRange, -1).length - 1, rk);
        assertTrue(rk.contains("unregister 2 rk3399_isp => rc=0\n"), rk);

        String rp = DataPlan.of(spec(SPECS.resolve("runtime_paths.cen")), translating, 400)
                .text();
        assertTrue(rp.contains("register 2 runtime_paths 2 => rc=0\n"), rp);
        assertTrue(
                rp.contains(
                        "none of the allocators spec device codec accepts\nnew runtime_paths-vaulted-protected 8192 => rc=0\n"
                                + "attach 0 2 => rc=-22\n"),
                rp);

        assertFalse(DataPlan.of(spec(EXAMPLES.resolve("rpi4_camera.cen")), translating, 400)
                .text()
                .contains("register"));
        assertFalse(DataPlan.of(spec(EXAMPLES.resolve("rk3399_isp.cen")), X86, 400)
                .text()
                .contains("register"));
    }

    /** Two mappings that may write back: the contract leaves the CPU's view open, so nothing is expected. */
    @Test
    void twoWritersLeaveTheValueOpen() {
        DmaContract c = new DmaContract(ExporterRules.CORRECT);
        c.map(0, DmaDirection.BIDI);
        c.map(1, DmaDirection.FROM_DEVICE);
        c.deviceWrite(1, 0, 7);
        c.unmap(1);
        assertTrue(c.cpuRead(DmaDirection.FROM_DEVICE, 0).isEmpty());
    }

    /**
     * Where the plan has the CPU back a buffer (the vmap probe that waits for CPU access, the
     * charge, race and fill measurements), CPU access must be able to: never on a heap whose
     * mask meets a protected allocator first, which the runtime refuses (EPERM) whatever the
     * allocators after it could give; and never longer than the heap's max_size, which it
     * refuses (EINVAL). The ROCK 5B spec of the corpus has such a heap (its
     * generic heap starts with the protected secure-video allocator, absent on the target; npu_in
     * has max_size 2M).
     */
    @Test
    void theCpuBacksOnlyWhereTheRuntimeLetsIt() throws Exception {
        TargetMemory virt = new TargetMemory(
                TargetMemory.Contiguous.cma(128L << 20, "test"),
                Map.of("censpec-pool", new TargetMemory.Region("censpec-pool", 32L << 20, true, "test")),
                new TargetMemory.Ram(1L << 30, 2L << 30));
        Spec spec = spec(Path.of("..", "prove", "boards", "rock5b", "rock5b_cam.cen"));
        org.censpec.model.semantics.Acceptance acceptance = new org.censpec.model.semantics.Acceptance(spec);
        Prediction prediction = new Prediction(spec, virt);
        CpuBacking backing = new CpuBacking(spec, virt);
        assertFalse(backing.forCpu(acceptance.all(), DataPlan.LEN).backed(), "the spec has a heap the CPU cannot back");
        String text =
                DataPlan.of(spec, new DataPlan.Target(virt, 2, true, 31), 400).text();
        int checked = 0;
        for (String line : text.lines().toList()) {
            String[] w = line.split(" ");
            String heap = null;
            long len = DataPlan.LEN;
            if (w[0].equals("charge") || w[0].equals("race") || w[0].equals("fill")) {
                heap = w[1];
                len = Long.parseLong(w[2]);
            } else if (line.startsWith("# in-kernel vmap")
                    && line.endsWith("no vmap until CPU access backs the buffer")) {
                heap = line.replaceFirst(".* on heap (\\S+):.*", "$1");
            }
            if (heap != null) {
                checked++;
                long mask = prediction
                        .heapOfNode(heap)
                        .orElseThrow(() -> new AssertionError("no heap " + line))
                        .mask();
                assertTrue(backing.forCpu(mask, len).backed(), line);
                long max = prediction.heapMaxOfNode(heap);
                assertTrue(len <= max, line + ": longer than the share's max_size " + max);
            }
        }
        assertTrue(checked > 0, text);
    }
}
