package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code censpec check --dtb}: a spec's regions against the board's devicetree, as the runtime
 * looks them up. A no-map pool, a missing region or a region named with its unit address
 * would leave the allocator unusable on the board; check says so.
 */
class CheckDtbTest {
    private static final Path IMX8MP = ImportDtTest.DT.resolve("6.12/imx8mp-evk.dtb");
    private static final Path RPI4 = ImportDtTest.DT.resolve("bcm2711-rpi-4-b.dtb");

    @TempDir
    Path tmp;

    private Path spec(String region, String size, String extra) throws IOException {
        Path f = tmp.resolve("board.cen");
        Files.writeString(
                f,
                "spec board;\nram 6G at 1G;\nproperty contiguous;\n"
                        + "allocator pool { backend contiguous; provides contiguous; region \"" + region + "\"; size "
                        + size + "; }\n"
                        + "allocator system { backend pages; }\ndevice isp { dma_bits 32; iommu; }\n" + extra);
        return f;
    }

    private static Run check(Path dtb, Path spec) {
        return Run.of("check", "--engine", "direct", "--dtb", dtb.toString(), spec.toString());
    }

    @Test
    void aNoMapPoolIsAnUnusableRegion() throws IOException {
        Run r = check(IMX8MP, spec("vdev0buffer", "1M", ""));
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(
                r.out()
                        .contains(
                                "board.cen:4:66: error[allocator.region-unusable]: allocator pool: region \"vdev0buffer\": "
                                        + "/reserved-memory/vdev0buffer@94300000 in " + IMX8MP
                                        + " is a no-map shared-dma-pool (a device's coherent "
                                        + "pool, not CMA): the runtime allocates only from a reusable shared-dma-pool (CMA) and would leave pool "
                                        + "unusable"),
                r.out());
        Run without = Run.of(
                "check", "--engine", "direct", spec("vdev0buffer", "1M", "").toString());
        assertEquals(0, without.exit(), "without --dtb the check cannot know: " + without.out());
    }

    @Test
    void aRegionNamedWithItsUnitAddressOrAbsentIsMissing() throws IOException {
        Run r = check(IMX8MP, spec("vdev0buffer@94300000", "1M", ""));
        assertEquals(1, r.exit(), r.out());
        assertTrue(
                r.out()
                        .contains(
                                "error[allocator.region-missing]: allocator pool: region \"vdev0buffer@94300000\" is no "
                                        + "child of /reserved-memory in " + IMX8MP
                                        + "; the runtime looks a region up by node name without the @unit "
                                        + "address: region \"vdev0buffer\""),
                r.out());
        assertTrue(check(IMX8MP, spec("linux,cma", "64M", "")).out().contains("[allocator.region-missing]"));
    }

    @Test
    void aCmaRegionOfTheSpecsSizeIsCleanAnotherSizeAWarningAndSuppressionsApply() throws IOException {
        Run clean = check(RPI4, spec("linux,cma", "64M", ""));
        assertEquals(0, clean.exit(), clean.out());
        assertFalse(clean.out().contains("allocator.region"), clean.out());
        Run size = check(RPI4, spec("linux,cma", "32M", ""));
        assertTrue(
                size.out()
                        .contains("warning[allocator.region-size]: allocator pool: region \"linux,cma\" is 64M in "
                                + RPI4 + ", the spec says size 32M"),
                size.out());
        Run suppressed = check(
                IMX8MP,
                spec(
                        "vdev0buffer",
                        "1M",
                        "suppress allocator.region-unusable on pool \"the vendor kernel makes it CMA\";\n"));
        assertEquals(0, suppressed.exit(), suppressed.out());
        assertTrue(suppressed.out().contains("(suppressed: the vendor kernel makes it CMA)"), suppressed.out());
    }

    @Test
    void importedSpecsCheckCleanAgainstTheirOwnBoard() throws IOException {
        Path out = tmp.resolve("rpi4.cen");
        assertEquals(
                0,
                Run.of("import-dt", RPI4.toString(), "--ram", "8G", "-o", out.toString())
                        .exit());
        Run r = check(RPI4, out);
        assertEquals(0, r.exit(), r.out());
        assertFalse(r.out().contains("allocator.region"), r.out());
    }

    @Test
    void aBrokenDevicetreeIsOneLocatedLine() throws IOException {
        Path bad = tmp.resolve("bad.dtb");
        Files.write(bad, new byte[] {1, 2, 3});
        Run r = check(bad, spec("x", "1M", ""));
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("censpec: " + bad + ": "), r.err());
    }
}
