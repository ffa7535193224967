package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.censpec.cli.dt.FdtBuilder;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code censpec import-dt} on real devicetrees (compiled from Debian's linux-source-6.1,
 * see src/test/resources/dt/README.md) and on crafted bad blobs.
 */
class ImportDtTest {
    static final Path DT = Path.of("src", "test", "resources", "dt");

    @TempDir
    Path tmp;

    private String importDt(String dtb, String... options) throws IOException {
        Path out = tmp.resolve(Path.of(dtb).getFileName().toString().replace(".dtb", ".cen"));
        String[] args = concat(new String[] {"import-dt", DT.resolve(dtb).toString(), "-o", out.toString()}, options);
        Run r = Run.of(args);
        assertEquals(0, r.exit(), r.err());
        return Files.readString(out);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The text of {@code device NAME { ... }} (up to its closing line). */
    private static String block(String spec, String kind, String name) {
        Matcher m = Pattern.compile("(?ms)^" + kind + " " + Pattern.quote(name) + " \\{.*?^\\}")
                .matcher(spec);
        assertTrue(m.find(), kind + " " + name + " in\n" + spec);
        return m.group();
    }

    private void assertChecks(String spec, String name) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, spec);
        Run r = Run.of("check", f.toString());
        assertFalse(r.out().contains("[spec."), r.out());
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    @Test
    void rpi4SocWindowAtBusC0000000GivesAOneGibibyteReach() throws IOException {
        String spec = importDt("bcm2711-rpi-4-b.dtb", "--ram", "8G", "--model", "rpi4");
        // vc4 attaches through its DRM device (/gpu, brcm,bcm2711-vc5), configured from the HVS node
        String vc4 = block(spec, "device", "gpu");
        assertTrue(vc4.contains("match \"brcm,bcm2711-vc5\";"), vc4);
        assertTrue(vc4.contains("stands for /soc/hvs@7e400000 (brcm,bcm2711-hvs, display controller)"), vc4);
        assertTrue(vc4.contains("its DMA (bus limits, IOMMU) is configured from /soc/hvs@7e400000"), vc4);
        // /soc dma-ranges = <0xc0000000 0x0 0x0 0x40000000>: bus 0xC0000000 is physical 0, for 1 GiB
        assertTrue(vc4.contains("/soc dma-ranges: bus 0xc0000000 -> 0x0 for 1G"), vc4);
        assertTrue(vc4.contains("dma_bits 30;"), vc4);
        assertTrue(vc4.contains("reaches physical [0x0, 0x40000000)"), vc4);
        assertFalse(spec.contains("match \"brcm,bcm2711-hvs\""), "the HVS never attaches a buffer itself");
        assertTrue(block(spec, "device", "gpu_7ec00000").contains("match \"brcm,2711-v3d\";"), spec);
        // the CMA pool: 64 MiB, alloc-ranges [0, 1 GiB)
        String cma = block(spec, "allocator", "linux_cma");
        assertTrue(cma.contains("region \"linux,cma\";"), cma);
        assertTrue(cma.contains("backend contiguous;"), cma);
        assertTrue(cma.contains("below 1G;"), cma);
        assertTrue(cma.contains("size 64M;"), cma);
        assertFalse(spec.contains("allocator cma {"), "the devicetree's linux,cma-default pool is the default area");
        assertTrue(spec.contains("allocator dma32 { backend pages_dma32; below 4G; }"));
        assertTrue(spec.contains("allocator system { backend pages; }"));
        assertTrue(spec.contains("ram 8G;"));
        // DMA masters that import no dma-buf are a comment
        assertTrue(spec.contains("//   storage controller: /soc/mmc@7e300000, /emmc2bus/mmc@7e340000"), spec);
        assertTrue(spec.contains("//   DMA engine: /soc/dma@7e007000"), spec);
        // every generated (non-comment) line names its node or says it has none
        for (String line : spec.lines().toList()) {
            if (!line.isBlank() && !line.strip().startsWith("//")) {
                assertTrue(line.contains("// "), line);
            }
        }
        assertFalse(spec.contains("/soc/spi@7e204000"), "spi0 is disabled on the Pi 4 B");
        assertChecks(spec, "rpi4.cen");
    }

    @Test
    void rpi4WithoutRamSizeAsksForIt(@TempDir Path dir) {
        Path out = dir.resolve("x.cen");
        Run r = Run.of("import-dt", DT.resolve("bcm2711-rpi-4-b.dtb").toString(), "-o", out.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().filter(l -> !l.contains("warning")).count(), r.err());
        assertTrue(r.err().contains("/memory@0: reg gives no RAM size"), r.err());
        assertTrue(r.err().contains("--ram"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void imx8mpEvkRamStartsAtOneGibibyteAndTheKernelsCmaAreaLiesBelowFourGibibytes() throws IOException {
        String spec = importDt("imx8mp-evk.dtb", "--v1");
        // memory@40000000: [1G, 4G) and [4G, 7G): 6 GiB at 1 GiB
        assertTrue(spec.contains("ram 7G;"), spec);
        assertTrue(spec.contains("RAM is [0x40000000, 0x1c0000000)"), spec);
        assertTrue(spec.contains("// ram 6G at 1G;"), spec);
        // upstream 6.1's imx8mp-evk.dts reserves the DSP's memory but declares no linux,cma pool: the default area
        assertTrue(spec.contains("/reserved-memory/dsp@92400000: no compatible [0x92400000, 0x94400000) no-map"), spec);
        String cma = block(spec, "allocator", "cma");
        assertTrue(cma.contains("below 4G;") && cma.contains("// size 64M;"), cma);
        assertTrue(block(spec, "device", "etnaviv").contains("// match \"etnaviv\";"), spec);
        assertChecks(spec, "imx8mp.cen");
        String next = importDt("imx8mp-evk.dtb", "--cma", "512M");
        assertTrue(next.contains("ram 6G at 1G;"), next);
        assertTrue(
                Pattern.compile("size 512M; +// --cma")
                        .matcher(block(next, "allocator", "cma"))
                        .find(),
                next);
        assertChecks(next, "imx8mp-next.cen");
        String none = importDt("imx8mp-evk.dtb", "--cma", "0");
        assertFalse(none.contains("allocator cma"), "--cma 0: a kernel without CMA");
        assertChecks(none, "imx8mp-nocma.cen");
    }

    /**
     * A pool's {@code alignment} places the region, it does not align each buffer: the Khadas
     * VIM3's 256 MiB default CMA pool with {@code alignment = <0x400000>} written as {@code align
     * 4M} made every 4 KiB buffer take a 4 MiB-aligned block of the kernel's shared CMA area, and
     * the proof ran out of them (issue 27's imported boards).
     */
    @Test
    void aPoolsAlignmentIsACommentNotTheBuffersAlign() throws IOException {
        String spec = importDt("6.12/meson-g12b-a311d-khadas-vim3.dtb", "--ram", "4G", "--model", "vim3");
        String cma = block(spec, "allocator", "linux_cma");
        assertFalse(cma.matches("(?ms).*^\\s*align .*"), cma);
        assertTrue(cma.contains("// /reserved-memory/linux,cma alignment 4M: where the kernel places the region"), cma);
        assertChecks(spec, "vim3.cen");
    }

    @Test
    void imx8mpCmaPoolBelowFourGibibytesFromAllocRanges() throws IOException {
        // TQ's i.MX8MP board (same SoC) declares the linux,cma pool: 896 MiB, alloc-ranges [1G, 3.75G)
        String spec = importDt("imx8mp-tqma8mpql-mba8mpxl.dtb", "--model", "imx8mp_tq");
        String cma = block(spec, "allocator", "linux_cma");
        assertTrue(cma.contains("below 3840M;"), cma);
        assertTrue(cma.contains("alloc-ranges [0x40000000, 0xf0000000)"), cma);
        assertTrue(cma.contains("size 896M;"), cma);
        assertTrue(cma.contains("region \"linux,cma\";"), cma);
        assertTrue(cma.contains("reusable: CMA"), cma);
        assertChecks(spec, "imx8mp_tq.cen");
        String v1 = importDt("imx8mp-tqma8mpql-mba8mpxl.dtb", "--model", "imx8mp_tq", "--v1");
        assertTrue(v1.contains("// region \"linux,cma\";  size 896M;"), v1);
        assertChecks(v1, "imx8mp_tq_v1.cen");
    }

    @Test
    void rk3399IspAndCodecsAreBehindIommusAndTheVopsAttachThroughTheDisplaySubsystem() throws IOException {
        String next = importDt("rk3399-gru-scarlet-inx.dtb", "--ram", "4G", "--model", "rk3399");
        String isp = block(next, "device", "isp0");
        assertTrue(isp.contains("    iommu;") && isp.contains("iommus = /iommu@ff914000"), isp);
        assertTrue(isp.contains("dma_bits 32;") && isp.contains("behind an IOMMU it limits no allocator"), isp);
        assertTrue(isp.contains("match \"ff910000.isp0\";"), isp);
        String display = block(next, "device", "display_subsystem");
        assertTrue(display.contains("match \"rockchip,display-subsystem\";"), display);
        assertTrue(display.contains("stands for /vop@ff900000 (rockchip,rk3399-vop-big, display controller)"), display);
        assertFalse(next.contains("match \"rockchip,rk3399-vop-big\""), "the VOP never attaches a buffer itself");
        // isp1 and its IOMMU are disabled on this board: commented out, saying how to enable it
        assertTrue(
                next.contains(
                        "// disabled: /isp1@ff920000 (status \"disabled\" here); to use it, set status = \"okay\""),
                next);
        assertTrue(next.contains("// device isp1 {"), next);
        assertChecks(next, "rk3399-next.cen");
        String v1 = importDt("rk3399-gru-scarlet-inx.dtb", "--ram", "4G", "--model", "rk3399", "--v1");
        assertTrue(block(v1, "device", "isp0").contains("behind the IOMMU /iommu@ff914000; v1 has no `iommu;`"), v1);
        assertChecks(v1, "rk3399.cen");
    }

    @Test
    @Requires(Prerequisite.DTC)
    void dtsIsCompiledWithDtc() throws Exception {
        Path dts = tmp.resolve("rpi.dts");
        Process p = new ProcessBuilder(
                        "dtc",
                        "-q",
                        "-I",
                        "dtb",
                        "-O",
                        "dts",
                        "-o",
                        dts.toString(),
                        DT.resolve("bcm2711-rpi-4-b.dtb").toString())
                .inheritIO()
                .start();
        assertEquals(0, p.waitFor());
        Path out = tmp.resolve("from-dts.cen");
        Run r = Run.of("import-dt", dts.toString(), "--ram", "8G", "--model", "rpi4", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        String fromDtb = importDt("bcm2711-rpi-4-b.dtb", "--ram", "8G", "--model", "rpi4");
        assertEquals(
                fromDtb.replace(DT.resolve("bcm2711-rpi-4-b.dtb").toString(), "X"),
                Files.readString(out).replace(dts.toString(), "X"));
        Files.writeString(dts, "/dts-v1/;\n/ { broken");
        Run bad = Run.of("import-dt", dts.toString(), "-o", out.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("censpec: " + dts + ": dtc failed: "), bad.err());
    }

    // ---- bad input ----

    private Run importBytes(byte[] dtb, Path out, String... options) throws IOException {
        Path in = tmp.resolve("bad.dtb");
        Files.write(in, dtb);
        return Run.of(concat(new String[] {"import-dt", in.toString(), "-o", out.toString()}, options));
    }

    private static void assertOneLine(Run r, String expected) {
        assertEquals(2, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void truncatedAndBadMagicAreOneLocatedLineAndWriteNothing() throws IOException {
        byte[] real = Files.readAllBytes(DT.resolve("imx8mp-evk.dtb"));
        Path out = tmp.resolve("out.cen");
        Files.writeString(out, "// the author's spec\n");
        assertOneLine(
                importBytes(Arrays.copyOf(real, 1000), out),
                "byte 4: truncated: the header says 34473 bytes, the file has 1000");
        assertOneLine(
                importBytes(Arrays.copyOf(real, 20), out), "truncated: 20 bytes, shorter than the 40-byte FDT header");
        byte[] magic = real.clone();
        magic[0] = 0x12;
        assertOneLine(importBytes(magic, out), "byte 0: bad magic 0x120dfeed");
        byte[] strings = real.clone();
        strings[12] = 0x7f; // strings block offset far past the end
        assertOneLine(importBytes(strings, out), "byte 12: strings block");
        byte[] unaligned = real.clone();
        unaligned[11] |= 1; // structure block offset odd
        assertOneLine(importBytes(unaligned, out), "byte 8: structure block offset");
        assertEquals("// the author's spec\n", Files.readString(out), "nothing half-written");
        assertEquals(
                1,
                Files.list(tmp)
                                .filter(p -> p.getFileName().toString().startsWith(".out.cen"))
                                .count()
                        + 1);
    }

    @Test
    void everyPrefixOfARealBlobIsALocatedErrorNeverACrash() throws IOException {
        byte[] real = Files.readAllBytes(DT.resolve("rk3399-gru-scarlet-inx.dtb"));
        Path out = tmp.resolve("p.cen");
        for (int len = 0; len < real.length; len += 997) {
            byte[] cut = Arrays.copyOf(real, len);
            Run r = importBytes(cut, out, "--ram", "1G");
            assertEquals(2, r.exit(), "length " + len + ": " + r.err());
            assertTrue(r.err().startsWith("censpec: ") && r.err().contains("bad.dtb: byte "), r.err());
        }
        // a corrupted header total size that still fits: the structure block ends early
        byte[] shortStruct = real.clone();
        shortStruct[39] = 8; // size_dt_struct = 8 (low byte), higher bytes cleared below
        shortStruct[38] = 0;
        shortStruct[37] = 0;
        shortStruct[36] = 0;
        Run r = importBytes(shortStruct, out, "--ram", "1G");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("structure block"), r.err());
        assertFalse(Files.exists(out));
    }

    private static FdtBuilder.Node board() {
        FdtBuilder.Node root = FdtBuilder.root().cells("#address-cells", 2).cells("#size-cells", 2);
        root.child("memory@0").str("device_type", "memory").cells("reg", 0, 0, 0, 0x80000000L);
        return root;
    }

    @Test
    void wrongCellCountsOverlapsAndPhandleCyclesAreWarningComments() throws IOException {
        FdtBuilder.Node root = board();
        FdtBuilder.Node rm = root.child("reserved-memory")
                .cells("#address-cells", 2)
                .cells("#size-cells", 2)
                .flag("ranges");
        rm.child("pool@10000000")
                .str("compatible", "shared-dma-pool")
                .flag("reusable")
                .cells("reg", 0, 0x10000000, 0, 0x1000000);
        rm.child("fw@10800000").flag("no-map").cells("reg", 0, 0x10800000, 0, 0x100000);
        // a bus whose dma-ranges has 3 cells where 5 are needed (2 + 2 + 1)
        FdtBuilder.Node bus = root.child("bus@0")
                .cells("#address-cells", 2)
                .cells("#size-cells", 1)
                .cells("dma-ranges", 0, 0, 0x1000);
        bus.child("gpu@1000")
                .str("compatible", "vendor,gpu")
                .cells("interrupts", 1)
                .cells("reg", 0, 0x1000, 0x100);
        // two IOMMUs behind each other, in a cycle
        root.child("iommu@a").cells("#iommu-cells", 0).cells("phandle", 1).cells("iommus", 2);
        root.child("iommu@b").cells("#iommu-cells", 0).cells("phandle", 2).cells("iommus", 1);
        root.child("isp@c").str("compatible", "vendor,isp").cells("iommus", 1);
        Path out = tmp.resolve("crafted.cen");
        Run r = importBytes(FdtBuilder.build(root), out, "--model", "crafted");
        assertEquals(0, r.exit(), r.err());
        String spec = Files.readString(out);
        assertTrue(spec.contains("// warning: /bus@0: dma-ranges has 12 bytes, not a multiple of 20"), spec);
        assertTrue(spec.contains("// warning: /bus@0/gpu@1000: reach unknown (malformed dma-ranges above it)"), spec);
        assertTrue(
                spec.contains(
                        "// warning: /reserved-memory/pool@10000000 and /reserved-memory/fw@10800000: reserved regions overlap"),
                spec);
        assertTrue(spec.contains("iommus phandles form a cycle through"), spec);
        assertTrue(block(spec, "device", "isp").contains("iommus = /iommu@a"), spec);
        assertTrue(block(spec, "allocator", "pool").contains("below 272M;"), spec);
        assertTrue(r.err().contains("censpec: warning: "), r.err());
        assertChecks(spec, "crafted-check.cen");
    }

    @Test
    void unknownKindsAreCommentsAndBrokenReferencesAreWarnings() throws IOException {
        FdtBuilder.Node root = board();
        FdtBuilder.Node rm = root.child("reserved-memory")
                .cells("#address-cells", 2)
                .cells("#size-cells", 2)
                .flag("ranges");
        rm.child("isp-pool@30000000")
                .str("compatible", "shared-dma-pool")
                .flag("no-map")
                .cells("reg", 0, 0x30000000, 0, 0x2000000);
        root.child("iommu@e").cells("#iommu-cells", 0).cells("phandle", 3).str("status", "disabled");
        // a master whose kind no rule knows: a comment, never a guessed device
        root.child("accel@d").str("compatible", "vendor,mystery").cells("iommus", 3);
        // an importer whose IOMMU phandle names nothing, and one whose IOMMU is disabled
        root.child("video-codec@f").str("compatible", "vendor,vcodec").cells("iommus", 9);
        root.child("gpu@10").str("compatible", "vendor,gpu").cells("iommus", 3);
        // a display subsystem whose ports name nothing
        root.child("display-subsystem")
                .str("compatible", "rockchip,display-subsystem")
                .cells("ports", 0x77);
        Path out = tmp.resolve("unknown.cen");
        Run r = importBytes(FdtBuilder.build(root), out, "--model", "unknown");
        assertEquals(0, r.exit(), r.err());
        String spec = Files.readString(out);
        assertTrue(
                spec.contains(
                        "// unknown kind: /accel@d (vendor,mystery) has DMA properties; if its driver imports dma-bufs"),
                spec);
        assertTrue(spec.contains("// device accel {"), spec);
        assertFalse(Pattern.compile("(?m)^device accel").matcher(spec).find(), spec);
        assertTrue(spec.contains("// warning: /video-codec@f: iommus phandle 0x9 names no node"), spec);
        assertTrue(spec.contains("// warning: /gpu@10: its IOMMU /iommu@e is disabled: treated as no IOMMU"), spec);
        assertFalse(block(spec, "device", "gpu").contains("iommu;"), spec);
        assertTrue(spec.contains("// warning: /display-subsystem: ports phandle 0x77 names no node"), spec);
        // a no-map pool is a device's coherent pool: no allocator
        assertTrue(
                spec.contains(
                        "// /reserved-memory/isp-pool@30000000: shared-dma-pool [0x30000000, 0x32000000) no-map: not an allocator"),
                spec);
        assertFalse(spec.contains("region \"isp-pool@30000000\""), spec);
        assertChecks(spec, "unknown-check.cen");
    }

    @Test
    void duplicatePhandlesAreAnError() throws IOException {
        FdtBuilder.Node root = board();
        root.child("a").cells("phandle", 7);
        root.child("b").cells("phandle", 7);
        Path out = tmp.resolve("dup.cen");
        assertOneLine(
                importBytes(FdtBuilder.build(root), out, "--model", "dup"),
                "/b: phandle 0x7 is also the phandle of /a");
        assertFalse(Files.exists(out));
    }

    @Test
    void offsetWindowsComposeAcrossNestedBuses() throws IOException {
        FdtBuilder.Node root = board();
        // outer bus: child 0x0 -> phys 0x40000000 for 2 GiB; inner: child 0x80000000 -> outer 0x0 for 512 MiB
        FdtBuilder.Node outer = root.child("outer")
                .cells("#address-cells", 1)
                .cells("#size-cells", 1)
                .cells("dma-ranges", 0x0, 0, 0x40000000L, 0x80000000L);
        FdtBuilder.Node inner = outer.child("inner")
                .cells("#address-cells", 1)
                .cells("#size-cells", 1)
                .cells("dma-ranges", 0x80000000L, 0x0, 0x20000000);
        inner.child("isp@1").str("compatible", "vendor,isp").flag("dma-coherent");
        Path out = tmp.resolve("nested.cen");
        Run r = importBytes(FdtBuilder.build(root), out, "--model", "nested", "--ram", "4G");
        assertEquals(0, r.exit(), r.err());
        String cam = block(Files.readString(out), "device", "isp");
        // bus 0x80000000 -> 0x0 (inner) -> 0x40000000 (outer): physical [1G, 1.5G), rounded down to 2^30
        assertTrue(cam.contains("reaches physical [0x40000000, 0x60000000), rounded down to 2^30"), cam);
        assertTrue(cam.contains("dma_bits 30;"), cam);
        assertTrue(Files.readString(out).contains("starts above RAM at 0x0"), "the lower bound is a warning");
    }
}
