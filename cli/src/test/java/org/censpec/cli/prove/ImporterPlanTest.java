package org.censpec.cli.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.censpec.model.Spec;
import org.censpec.prove.ImporterPlan;
import org.censpec.prove.ReplayPlan;
import org.censpec.prove.TargetMemory;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer plan: the guest's vivid and vgem driven in the flows' orders, results from the model. */
class ImporterPlanTest {
    @TempDir
    Path dir;

    private ImporterPlan plan(Path file) throws Exception {
        return plan(file, true);
    }

    private ImporterPlan plan(Path file, boolean vgemMaps) throws Exception {
        CheckedSpec c = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(file);
        Spec spec = c.spec().orElseThrow();
        return ImporterPlan.of(spec, ReplayPlan.of(spec, c.findings(), 400, TargetMemory.buddyOnly()), 400, vgemMaps);
    }

    private ImporterPlan plan(String text) throws Exception {
        Path f = dir.resolve("s.cen");
        Files.writeString(f, text);
        return plan(f);
    }

    private static String result(ImporterPlan p, String scenarioPart, String command) {
        return p.expected().values().stream()
                .filter(e -> e.scenario().contains(scenarioPart) && e.command().equals(command))
                .map(ImporterPlan.Expected::result)
                .findFirst()
                .orElse("none");
    }

    @Test
    void theExampleRefusesTheCameraAfterVgemMappedOnlyOnTheGenericHeap() throws Exception {
        ImporterPlan p = plan(Path.of("..", "examples", "qemu_importers.cen"));
        assertEquals(4, p.executions());
        assertEquals(2, p.unrealizable(), "viewer_attached: vgem's import maps here, the flow's viewer never does");
        // viewer_first from the generic heap: vgem's map backs it with pages, the camera's attach is refused
        assertEquals("rc=-16", result(p, "viewer_first heap qemu_importers execution", "qbuf vivid-000-vid-cap"));
        // the same order from the share heap: the buffer is contiguous from the start
        assertEquals("rc=0", result(p, "viewer_first heap qemu_importers-preview", "qbuf vivid-000-vid-cap"));
        assertEquals(
                "rc=0 frames=1 pattern=ok",
                result(p, "viewer_first heap qemu_importers-preview", "capture vivid-000-vid-cap"));
        assertEquals("none", result(p, "viewer_first heap qemu_importers execution", "capture vivid-000-vid-cap"));
        assertEquals("rc=0", result(p, "camera_first heap qemu_importers execution", "import"));
        // vivid's vmalloc instance on each heap
        assertEquals(
                2,
                p.expected().values().stream()
                        .filter(e -> e.command().equals("qbuf vivid-001-vid-cap"))
                        .count());
        assertTrue(p.drivesFlows());
    }

    @Test
    void aVgemThatImportsWithoutMappingPlaysOnlyTheFlowInWhichTheViewerNeverMaps() throws Exception {
        ImporterPlan p = plan(Path.of("..", "examples", "qemu_importers.cen"), false);
        assertEquals(2, p.executions(), "viewer_attached on both heaps");
        assertEquals(4, p.unrealizable(), "camera_first and viewer_first map the viewer");
        // vgem attached without mapping: the camera attaches, maps and gets contiguous memory from either heap
        assertEquals("rc=0", result(p, "viewer_attached heap qemu_importers execution", "import"));
        assertEquals("rc=0", result(p, "viewer_attached heap qemu_importers execution", "qbuf vivid-000-vid-cap"));
        assertEquals(
                "rc=0 frames=1 pattern=ok",
                result(p, "viewer_attached heap qemu_importers execution", "capture vivid-000-vid-cap"));
    }

    @Test
    void ordersInWhichAttachAndMapAreApartAreNotDriven() throws Exception {
        ImporterPlan p = plan("""
                spec apart;
                ram 1G;
                allocator system { backend pages; }
                device cam { dma_bits 32; match "vivid.0"; }
                device gpu { dma_bits 64; match "vgem"; }
                share s { cam, gpu }
                flow f on s {
                    actor a { attach cam; map cam; }
                    actor b { attach gpu; map gpu; }
                }
                """);
        // 6 interleavings of two attach-map pairs; only the 2 that keep each pair together are driven
        assertEquals(2 * 2, p.executions(), "two orders on each of the generic and the share heap");
        assertEquals(4 * 2, p.unrealizable());
    }

    @Test
    void aFlowWithADeviceNoGuestImporterPlaysIsNamedNotDriven() throws Exception {
        ImporterPlan p = plan("""
                spec mixed;
                ram 1G;
                allocator system { backend pages; }
                device cam { dma_bits 32; match "vivid.0"; }
                device isp { dma_bits 32; }
                share s { cam, isp }
                flow f on s {
                    actor a { attach cam; map cam; }
                    actor b { attach isp; map isp; }
                }
                """);
        assertEquals(0, p.executions());
        assertEquals(List.of("flow f: device(s) isp match no guest importer (vivid.0, vgem)"), p.notDriven());
    }

    @Test
    void aSpecWithoutMatchedImportersStillCapturesThroughVividsVmap() throws Exception {
        ImporterPlan p = plan(Path.of("..", "examples", "rk3399_isp.cen"));
        assertFalse(p.drivesFlows());
        assertEquals(0, p.executions());
        assertEquals(
                3,
                p.expected().values().stream()
                        .filter(e -> e.command().startsWith("capture vivid-001"))
                        .count(),
                "the generic heap and the two share heaps");
    }
}
