package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.censpec.model.Spec;
import org.censpec.model.UserError;
import org.censpec.tools.dt.BoardTree;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's board in the guest, checked on a synthetic board (src/test/resources/boards):
 * the fragment compiles onto the machine's devicetree and gives the guest the board's pools
 * (cma= of the bootargs bypassing the devicetree's default pool, as the kernel does), a
 * stand-in at each node a match string names with the board's dev_name and DMA windows, and
 * says what it cannot reproduce; the spec is checked against the board (a wrong match, a region
 * of another size, a share no allocator can back, a promised reach the board does not give).
 */
class BoardGuestTest {
    static final Path RESOURCES = Path.of("src/test/resources/boards");
    static final TargetMemory.Contiguous KERNEL_CMA = TargetMemory.Contiguous.cma(64L << 20, "test kernel");

    @TempDir
    Path tmp;

    Path dtb;

    static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
    }

    static boolean dtc() {
        return Files.isExecutable(Path.of("/usr/bin/dtc"));
    }

    @BeforeEach
    void compile() throws Exception {
        if (System.getenv("CI") != null) {
            assertTrue(dtc(), "CI must have dtc (install-deps.sh)");
        }
        Assumptions.assumeTrue(dtc(), "needs dtc (package device-tree-compiler)");
        dtb = tmp.resolve("synthetic.dtb");
        run(
                tmp,
                "dtc",
                "-q",
                "-I",
                "dts",
                "-O",
                "dtb",
                "-o",
                dtb.toString(),
                RESOURCES.resolve("synthetic.dts").toAbsolutePath().toString());
    }

    private Spec spec(String text) throws Exception {
        Path f = tmp.resolve("synth.cen");
        Files.writeString(f, text);
        CheckedSpec c = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(f);
        return c.spec().orElseThrow();
    }

    private Spec spec() throws Exception {
        return spec(Files.readString(RESOURCES.resolve("synthetic.cen")));
    }

    /** The importers of spec {@code s}'s board in a 1 GiB virt guest, from the guest's devicetree. */
    private ImportChecks importChecks(Spec s) throws Exception {
        BoardGuest g =
                BoardGuest.of(Board.explicit(dtb, s), s, GuestMachine.VIRT, 1L << 30, KERNEL_CMA, java.util.Set.of());
        return new ImportChecks(new Prediction(s, g.memory()), guestTree(g));
    }

    /** The guest's devicetree: a virt-like root, the machine's extension, then the board's fragment. */
    private BoardTree guestTree(BoardGuest g) throws Exception {
        String extension = Files.readString(Path.of("guest/arm64-extra.dtsi"))
                .replace("CENSPEC_CMA_SIZE", "0x8000000")
                .replace("CENSPEC_POOL_SIZE", "0x2000000");
        Path dts = tmp.resolve("guest.dts");
        Files.writeString(
                dts, "/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n};\n" + extension + g.dts());
        run(tmp, "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "guest.dtb", "guest.dts");
        return BoardTree.read(tmp.resolve("guest.dtb"));
    }

    @Test
    void theGuestGetsTheBoardsPoolsAndAStandInAtEachMatchedNode() throws Exception {
        Spec s = spec();
        Board board = Board.explicit(dtb, s);
        BoardGuest g = BoardGuest.of(board, s, GuestMachine.VIRT, 1L << 30, KERNEL_CMA, java.util.Set.of());
        assertEquals(List.of("cma=100663296"), g.append(), "cma= of the bootargs wins over the default pool");
        assertEquals(96L << 20, g.memory().contiguous().largest());
        assertEquals(32L << 20, g.memory().region("video").orElseThrow().size());
        assertFalse(g.memory().region("firmware").orElseThrow().reusable());
        assertTrue(g.memory().region("linux,cma").isEmpty(), "bypassed by cma=");
        BoardTree guest = guestTree(g);
        List<String> pools = guest.pools().stream().map(BoardTree.Pool::name).toList();
        assertEquals(List.of("video", "firmware"), pools, "the extension's pools are gone, the board's are there");
        assertEquals(
                List.of(new BoardTree.Range(0x6000_0000L, 32L << 20)),
                guest.pools().get(0).allocRanges(),
                "the static pool inside the guest's RAM keeps its place");
        List<BoardTree.Node> importers = guest.nodesMatching(StandIns.TEST_IMPORTER);
        assertEquals(
                List.of("fe800000.camera", "fd000000.display", "fd100000.encoder"),
                importers.stream().map(BoardTree.Node::devName).toList(),
                "the board's dev_names, no extension importer");
        BoardTree.Node cam = importers.get(0);
        assertEquals(
                List.of(new BoardTree.DmaWindow(0xc000_0000L, 0, 1L << 30)),
                cam.dma().orElseThrow());
        assertTrue(importers.get(1).coherent());
        assertEquals(32L, guest.u32(cam.path(), "censpec,dma-bits").orElseThrow());
        String notes = String.join("\n", g.notReproduced());
        assertTrue(notes.contains("/display@fd000000: behind the IOMMU /iommu@fe000000"), notes);
        assertTrue(notes.contains("/encoder@fd100000: disabled on the board"), notes);
        assertTrue(notes.contains("/reserved-memory/linux,cma: bypassed by cma="), notes);
        assertTrue(notes.contains("RAM: the board has [0x0, 0x100000000)"), notes);
        assertTrue(
                notes.contains("/soc/dma@7e008000: matched by its dev_name \"fe008000.dma\", the name the test build"
                        + " gives its own stand-in dma1@match"),
                notes);
    }

    /**
     * A spec whose only device is matched by its dev_name (the test build's own stand-in takes
     * that name) leaves the guest no stand-in node: importer_check has nothing to import into,
     * so it does not run (it failed the guest with "test importer not bound": import-dt's
     * i.MX8MP EVK of 6.1, whose one device is etnaviv), and the report says so.
     */
    @Test
    void aBoardWithoutAStandInNodeRunsNoImporterCheckAndSaysSo() throws Exception {
        String text = Files.readString(RESOURCES.resolve("synthetic.cen"));
        String only = text.substring(0, text.indexOf("device cam"))
                + "device dma1 { dma_bits 30; match \"fe008000.dma\"; }\n"
                + "share s { dma1 } max_size 1M;\n"
                + "flow f on s { actor a { attach dma1; map dma1; unmap dma1; detach dma1; } }\n";
        Spec s = spec(only);
        BoardGuest g =
                BoardGuest.of(Board.explicit(dtb, s), s, GuestMachine.VIRT, 1L << 30, KERNEL_CMA, java.util.Set.of());
        assertFalse(g.hasImporters());
        assertTrue(guestTree(g).nodesMatching(StandIns.TEST_IMPORTER).isEmpty());
        assertTrue(
                String.join("\n", g.notReproduced()).contains("no stand-in importer node"),
                String.join("\n", g.notReproduced()));
        BoardGuest full = BoardGuest.of(
                Board.explicit(dtb, spec()), spec(), GuestMachine.VIRT, 1L << 30, KERNEL_CMA, java.util.Set.of());
        assertTrue(full.hasImporters());
    }

    /**
     * A board importer of a device whose test-build stand-in the kernel refused a DMA mask that
     * the spec's device.unsatisfiable explains did not bind for the same reason: cause spec; with
     * no such stand-in, or another errno (the module's), an importer that did not bind is the target's.
     */
    @Test
    void anImporterOfAnAbsentDeviceTakesTheAbsencesCause() throws Exception {
        Spec s = spec();
        ImportChecks checks = importChecks(s);
        org.censpec.model.Device cam = s.devices().stream()
                .filter(d -> d.name().equals("cam"))
                .findFirst()
                .orElseThrow();
        List<org.censpec.model.Finding> findings = List.of(org.censpec.model.Finding.of(
                org.censpec.model.rules.SemanticRules.DEVICE_UNSATISFIABLE,
                new org.censpec.model.Subject.Of(cam),
                cam.loc(),
                "device cam accepts no allocator"));
        String line = "[ 9.1] synth_test: test build: stand-in cam left out: 30-bit DMA mask refused: ";
        java.util.function.Function<String, ProveReport.Failure> camFailure =
                dmesg -> checks.judge(List.of(), LeftOutStandIns.of(s, findings, dmesg)).stream()
                        .filter(c -> c.name().startsWith("importer cam"))
                        .findFirst()
                        .orElseThrow()
                        .failures()
                        .get(0);
        assertEquals(ProveReport.Cause.SPEC, camFailure.apply(line + "-5").cause());
        assertTrue(camFailure.apply(line + "-5").why().contains("device.unsatisfiable"));
        assertEquals(ProveReport.Cause.TARGET, camFailure.apply(line + "-12").cause());
        assertEquals(ProveReport.Cause.TARGET, camFailure.apply("").cause());
    }

    @Test
    void theImportersArePredictedFromTheGuestsOwnDevicetree() throws Exception {
        Spec s = spec();
        ImportChecks checks = importChecks(s);
        Map<String, ImportChecks.Importer> importers = checks.importers();
        assertEquals("cam by match", importers.get("censpec_importer_cam").how());
        // cam (dma_bits 30) reaches [0, 1G) through its window: the spec's mask, cma only
        assertEquals(0b010, importers.get("censpec_importer_cam").mask());
        List<BootLines.Import> lines = BootLines.parse(String.join(
                        "\n",
                        "@@CENSPEC IMPORT /dev/dma_heap/synth censpec_importer_cam size=4096 attach=0 map=-12 segments=0",
                        "@@CENSPEC IMPORT /dev/dma_heap/synth censpec_importer_disp size=4096 attach=-22 map=0 segments=0",
                        "@@CENSPEC IMPORT /dev/dma_heap/synth-view-contiguous size=16781312 alloc errno=22"))
                .imports;
        List<ProveReport.Check> judged = checks.judge(lines);
        // the guest's RAM starts at 1G, so cma (below 1G) backs nothing there: cam's map is -ENOMEM;
        // disp (behind an IOMMU, every allocator) then attaches to the unbacked buffer, whose mask
        // holds only cma, and its map is -ENOMEM too: the line's attach=-22 is a mismatch
        ProveReport.Check disp = judged.stream()
                .filter(c -> c.name().startsWith("importer disp"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, disp.failed(), disp.toString());
        assertTrue(
                disp.failures().get(0).model().startsWith("attach=0 map=-12"),
                disp.failures().get(0).model());
        ProveReport.Check cam = judged.stream()
                .filter(c -> c.name().startsWith("importer cam"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, cam.passed(), cam.toString());
        ProveReport.Check alloc = judged.stream()
                .filter(c -> c.name().equals("allocations"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, alloc.passed(), "a buffer over max_size is refused with EINVAL");
    }

    @Test
    void aDtbThatIsNotOneOrLacksARegionIsRefusedInOneLine() throws Exception {
        Spec s = spec();
        Path junk = Files.writeString(tmp.resolve("junk.dtb"), "not a devicetree, ".repeat(8));
        UserError e = assertThrows(UserError.class, () -> Board.explicit(junk, s));
        assertTrue(e.getMessage().contains("bad magic") && e.getMessage().contains("not a devicetree"), e.getMessage());
        Spec other = spec(
                Files.readString(RESOURCES.resolve("synthetic.cen")).replace("region \"video\"", "region \"secure\""));
        e = assertThrows(UserError.class, () -> Board.explicit(dtb, other));
        assertTrue(e.getMessage().contains("has no region \"secure\" (allocator video, "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void theSpecIsCheckedAgainstTheBoard() throws Exception {
        String text = Files.readString(RESOURCES.resolve("synthetic.cen"));
        assertEquals(List.of(), what(text), "the synthetic spec fits its board");
        assertEquals(
                List.of("device cam match \"vendor,camra\""),
                what(text.replace("\"vendor,camera\"", "\"vendor,camra\"")));
        assertEquals(List.of("allocator video size"), what(text.replace("size 32M;", "size 64M;")));
        List<String> reach = what(text.replace("device dma1 { dma_bits 30;", "device dma1 { dma_bits 32;"));
        assertEquals(List.of("device dma1 dma_bits 32"), reach, "the soc window reaches 1 GiB only");
        // cam accepts only cma, whose area is the 96 MiB of the bootargs' cma=
        String tooSmall = text.replace(
                "share rec { cam, enc } max_size 8M;",
                "share rec { cam, enc } max_size 8M;\n" + "share big { cam } max_size 128M;");
        assertEquals(List.of("share big max_size 128 MiB"), what(tooSmall));
        // etnaviv's own device names no node; its DMA is configured from the GPU's, on the soc bus
        String created = text + "device gpu { dma_bits 30; match \"etnaviv\"; }\n";
        assertEquals(List.of(), what(created), "a device the GPU's driver creates is the board's");
        assertEquals(
                List.of("device gpu dma_bits 32"),
                what(created.replace("dma_bits 30; match \"etnaviv\"", "dma_bits 32; match \"etnaviv\"")),
                "its reach is the GPU node's window");
    }

    private List<String> what(String text) throws Exception {
        Spec s = spec(text);
        List<String> out = new ArrayList<>();
        BoardChecks.of(new Board(BoardTree.read(dtb), dtb, true), s, KERNEL_CMA).forEach(f -> out.add(f.what()));
        return out;
    }
}
