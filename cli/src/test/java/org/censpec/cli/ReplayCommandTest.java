package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code censpec replay} as a driver author runs it on a log from the board. */
class ReplayCommandTest {
    @TempDir
    Path tmp;

    private static final String RPI = Examples.ROOT.resolve("rpi4_camera.cen").toString();
    private static final String HEADER = "# censpec-record 1 spec=rpi4_camera module=rpi4_camera kernel=6.1.0-test\n";

    /** The compositor's GPU maps a generic-heap buffer, cma_low is exhausted, the camera attaches late. */
    private static final String LATE = HEADER
            + "   compositor-411 [000] .....   12.000100: cen_create: spec=rpi4_camera buf=1 heap=rpi4_camera len=8294400 mask=0x7\n"
            + "   compositor-411 [000] .....   12.000200: cen_attach: buf=1 dev=fec00000.v3d spec_dev=v3d dev_mask=0x3 mask=0x3 rc=0\n"
            + "   compositor-411 [000] .....   12.000300: cen_alloc: buf=1 dev=fec00000.v3d spec_dev=v3d alloc=dma32 mask=0x3 tried=0x1 len=8294400 rc=0\n"
            + "   compositor-411 [000] .....   12.000400: cen_map: buf=1 dev=fec00000.v3d spec_dev=v3d dir=bidirectional rc=0\n"
            + "       camera-409 [001] .....   12.000500: cen_attach: buf=1 dev=fe801000.csi spec_dev=unicam dev_mask=0x1 mask=0x3 rc=-16\n";

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aLateAttachOnTheBoardFailsTheReplayWithTheMapperNamed() throws IOException {
        Path log = write("late.log", LATE);
        Run r = Run.of("replay", RPI, log.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(
                r.out()
                        .contains(
                                log + ":6:44: error[observed.late-attach]: buffer 1 (heap rpi4_camera): unicam "
                                        + "attached after the buffer was allocated from dma32 when v3d mapped it (task compositor-411"),
                r.out());
        assertTrue(r.out().contains("camera-409"), r.out());
        assertTrue(r.err().contains("5 module events, 1 buffers"), r.err());
    }

    /**
     * vc4 on a Raspberry Pi 4 imports through its /gpu device, not the HVS the spec matches: the
     * runtime's cen_importer event says so, and --suggest-matches turns it into the line to paste.
     */
    @Test
    void suggestMatchesNamesTheDeviceThatReallyAttached() throws IOException {
        Path log = write(
                "vc4.log",
                HEADER
                        + "   compositor-411 [000] .....   12.000050: cen_importer: dev=gpu compatible=brcm,bcm2711-vc5 "
                        + "dma_mask=0x3fffffff bus_limit=0x0 iommu=0 bus_offset=0xc0000000 max_seg=65536\n"
                        + LATE.substring(HEADER.length()));
        Run r = Run.of("replay", "--suggest-matches", RPI, log.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(
                "// 1 importer(s) the spec rpi4_camera does not name, kernel 6.1.0-test: add each string to the "
                        + "match list of the device it stands for\n"
                        + "// gpu: compatible brcm,bcm2711-vc5; DMA mask 0x3fffffff, no IOMMU, bus offset 0xc0000000, "
                        + "max segment 65536\n"
                        + "match \"brcm,bcm2711-vc5\";\n",
                r.out().replace("\r\n", "\n"));
        Run plain = Run.of("replay", RPI, log.toString());
        assertEquals(1, plain.exit(), plain.out());
        assertTrue(plain.err().contains("5 module events, 1 buffers"), plain.err());
    }

    /** Flow preview_frame as the spec allows it, with the compositor mapping before the camera attached. */
    private static final String EARLY_MAP = HEADER
            + "   compositor-411 [000] .....   12.000100: cen_create: spec=rpi4_camera buf=1 heap=rpi4_camera len=8294400 mask=0x7\n"
            + "   compositor-411 [000] .....   12.000200: cen_attach: buf=1 dev=fec00000.v3d spec_dev=v3d dev_mask=0x3 mask=0x3 rc=0\n"
            + "   compositor-411 [000] .....   12.000250: cen_attach: buf=1 dev=fe400000.hvs spec_dev=hvs dev_mask=0x1 mask=0x1 rc=0\n"
            + "   compositor-411 [000] .....   12.000300: cen_alloc: buf=1 dev=fec00000.v3d spec_dev=v3d alloc=cma_low mask=0x1 tried=0x0 len=8294400 rc=0\n"
            + "   compositor-411 [000] .....   12.000400: cen_map: buf=1 dev=fec00000.v3d spec_dev=v3d dir=bidirectional rc=0\n"
            + "       camera-409 [001] .....   12.000500: cen_attach: buf=1 dev=fe801000.csi spec_dev=unicam dev_mask=0x1 mask=0x1 rc=0\n";

    @Test
    void jsonCarriesTheObservedTraceWithSpecLines() throws IOException {
        Path log = write("early.log", EARLY_MAP);
        Run r = Run.of("replay", "--format", "json", RPI, log.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(1, root.getAsJsonArray("findings").size(), r.out());
        JsonObject f = root.getAsJsonArray("findings").get(0).getAsJsonObject();
        assertEquals("observed.attach-after-map", f.get("id").getAsString());
        assertEquals(7, f.get("line").getAsInt());
        assertEquals(6, f.getAsJsonArray("trace").size());
        // each event is located at the flow step it is: `attach unicam` is line 41, `map v3d` line 50
        JsonObject last = f.getAsJsonArray("trace").get(5).getAsJsonObject();
        assertEquals(41, last.get("line").getAsInt());
        assertEquals("camera-409", last.get("actor").getAsString());
        assertEquals("cma_low", last.get("allocator").getAsString());
        assertEquals(
                50,
                f.getAsJsonArray("trace").get(4).getAsJsonObject().get("line").getAsInt());
    }

    @Test
    void aCleanLogPasses() throws IOException {
        Path log = write(
                "clean.log",
                HEADER
                        + "   app-1 [000] .....   1.000001: cen_create: spec=rpi4_camera buf=2 heap=rpi4_camera-preview len=4096 mask=0x1\n"
                        + "   app-1 [000] .....   1.000002: cen_release: buf=2\n");
        Run r = Run.of("replay", RPI, log.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("0 errors, 0 warnings in 1 file"), r.out());
    }

    @Test
    void badInputIsOneLineWithExitTwo() throws IOException {
        Run foreign = Run.of(
                "replay",
                RPI,
                write("other.log", "# censpec-record 1 spec=rk3399_isp\n").toString());
        assertEquals(2, foreign.exit());
        assertTrue(
                foreign.err().contains("other.log:1:1: recorded with the module of spec 'rk3399_isp'"), foreign.err());
        assertEquals(1, foreign.err().strip().lines().count(), foreign.err());

        Run missing = Run.of("replay", RPI, tmp.resolve("nope.log").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());

        Run dir = Run.of("replay", RPI, tmp.toString());
        assertEquals(2, dir.exit());
        assertTrue(dir.err().contains("is a directory"), dir.err());

        Run binary = Run.of(
                "replay",
                RPI,
                write("bin.log", "\u0000\u0001garbage\nmore garbage\n").toString());
        assertEquals(2, binary.exit());
        assertTrue(binary.err().contains("not a censpec trace"), binary.err());
    }

    @Test
    void aBrokenSpecIsReportedInsteadOfReplayed() throws IOException {
        Path spec = write("bad.cen", "spec x; ram 1G; device d { }\n");
        Run r = Run.of("replay", spec.toString(), write("l.log", HEADER).toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("spec.missing"), r.out());
    }
}
