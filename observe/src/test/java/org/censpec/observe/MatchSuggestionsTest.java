package org.censpec.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

/** censpec replay --suggest-matches on hand-written logs of cen_importer events. */
class MatchSuggestionsTest {
    static final String SPEC = """
            spec board;
            ram 8G;
            allocator sys { backend pages; }
            device gpu { dma_bits 32; match "vendor,gpu"; }
            device cam { dma_bits 32; }
            share frames { cam, gpu }
            """;
    static final String HEADER = "# censpec-record 1 spec=board kernel=6.12.118+deb12-arm64 clock=mono start=1\n";

    private static Spec spec(String text) {
        return new SpecReader().parse("board.cen", text).spec().orElseThrow();
    }

    private static String importer(String dev, String compatible, String rest) {
        return "   kworker/0:1-12 [000] .....   12.000100: cen_importer: dev=" + dev + " compatible=" + compatible
                + " dma_mask=0xffffffff bus_limit=0x0 " + rest + "\n";
    }

    private static LogReplay.Result replay(String log) throws IOException, ReplayInputException {
        return LogReplay.replay(spec(SPEC), "trace.log", new StringReader(log));
    }

    private static List<String> suggest(String log) throws IOException, ReplayInputException {
        return MatchSuggestions.of(spec(SPEC), replay(log).importers());
    }

    @Test
    void eachUnnamedImporterGetsItsMostSpecificCompatibleOrItsName() throws Exception {
        String log = HEADER
                + importer(
                        "fdb80000.rga",
                        "rockchip,rk3588-rga;rockchip,rk3288-rga",
                        "iommu=0 bus_offset=0x0 max_seg=65536")
                + importer(
                        "fdb80000.rga",
                        "rockchip,rk3588-rga;rockchip,rk3288-rga",
                        "iommu=0 bus_offset=0x0 max_seg=65536")
                + importer("fdc70000.av1", "rockchip,rk3588-av1-vpu", "iommu=1 bus_offset=0x0 max_seg=4294967295")
                + importer("a.isp", "vendor,isp", "iommu=0 bus_offset=0x0 max_seg=65536")
                + importer("b.isp", "vendor,isp", "iommu=0 bus_offset=0x0 max_seg=65536")
                + importer("vivid.0", "-", "iommu=0 bus_offset=0xc0000000 max_seg=65536");
        assertEquals(
                List.of(
                        "// 5 importer(s) the spec board does not name, kernel 6.12.118+deb12-arm64: add each string to the "
                                + "match list of the device it stands for",
                        "// a.isp: compatible vendor,isp; DMA mask 0xffffffff, no IOMMU, max segment 65536",
                        "//   its compatible vendor,isp is shared by 2 recorded devices: matched by name",
                        "match \"a.isp\";",
                        "// b.isp: compatible vendor,isp; DMA mask 0xffffffff, no IOMMU, max segment 65536",
                        "//   its compatible vendor,isp is shared by 2 recorded devices: matched by name",
                        "match \"b.isp\";",
                        "// fdb80000.rga: compatible rockchip,rk3588-rga, rockchip,rk3288-rga; DMA mask 0xffffffff, no IOMMU, "
                                + "max segment 65536",
                        "match \"rockchip,rk3588-rga\";",
                        "// fdc70000.av1: compatible rockchip,rk3588-av1-vpu; DMA mask 0xffffffff, IOMMU, max segment 4294967295",
                        "match \"rockchip,rk3588-av1-vpu\";",
                        "// vivid.0: no devicetree node; DMA mask 0xffffffff, no IOMMU, bus offset 0xc0000000, max segment 65536",
                        "match \"vivid.0\";"),
                suggest(log));
    }

    @Test
    void aSuggestedLineMakesTheDeviceMatchInTheSpec() throws Exception {
        List<String> lines = suggest(
                HEADER + importer("fe801000.csi", "brcm,bcm2835-unicam", "iommu=0 bus_offset=0x0 max_seg=65536"));
        String line = lines.get(lines.size() - 1);
        ParseResult r = new SpecReader()
                .parse(
                        "board.cen",
                        SPEC.replace("device cam { dma_bits 32; }", "device cam { dma_bits 32; " + line + " }"));
        assertEquals(List.of(), r.findings());
        assertEquals(
                List.of("brcm,bcm2835-unicam"),
                r.spec().orElseThrow().device("cam").orElseThrow().match().stream()
                        .map(m -> m.value())
                        .toList());
    }

    @Test
    void importersOfSeveralKernelsAreNotAttributed() throws Exception {
        String log = HEADER
                + importer("fdb80000.rga", "rockchip,rk3588-rga", "iommu=0 bus_offset=0x0 max_seg=65536")
                + HEADER.replace("6.12.118+deb12-arm64", "6.1.0-57-arm64")
                + importer("fe400000.hvs", "brcm,bcm2711-hvs", "iommu=0 bus_offset=0xc0000000 max_seg=65536");
        List<String> lines = suggest(log);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(
                lines.get(0)
                        .startsWith("// importers recorded under 2 kernels (6.1.0-57-arm64, "
                                + "6.12.118+deb12-arm64): none can be attributed"),
                lines.get(0));
    }

    @Test
    void oneNameWithTwoDmaViewsIsNotAttributedTheOthersAre() throws Exception {
        String log = HEADER
                + importer("display-subsystem", "rockchip,display-subsystem", "iommu=1 bus_offset=0x0 max_seg=65536")
                + importer("display-subsystem", "rockchip,display-subsystem", "iommu=0 bus_offset=0x0 max_seg=65536")
                + importer("fdb80000.rga", "rockchip,rk3588-rga", "iommu=0 bus_offset=0x0 max_seg=65536");
        List<String> lines = suggest(log);
        assertTrue(
                lines.contains("// display-subsystem: seen with 2 different DMA views (logs of several boards?): "
                        + "no match proposed"),
                lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("match ")).count(), lines.toString());
        assertTrue(lines.contains("match \"rockchip,rk3588-rga\";"), lines.toString());
    }

    @Test
    void stringsTheSpecCannotHoldOrAlreadyHasAreNotProposed() throws Exception {
        String log = HEADER
                + importer("odd\"name", "-", "iommu=0 bus_offset=0x0 max_seg=65536")
                + importer("gpu.0", "vendor,gpu", "iommu=0 bus_offset=0x0 max_seg=65536");
        List<String> lines = suggest(log);
        assertEquals(0, lines.stream().filter(l -> l.startsWith("match ")).count(), lines.toString());
        assertTrue(lines.contains("//   no spec string can hold odd\"name: no match proposed"), lines.toString());
        assertTrue(
                lines.contains("//   vendor,gpu is already a match string of this spec (a log of another version "
                        + "of it?): no match proposed"),
                lines.toString());
    }

    @Test
    void importerEventsLeaveTheBufferReplayAloneAndMalformedOnesAreLogFindings() throws Exception {
        String log = HEADER + importer("x.rga", "vendor,rga", "iommu=0 bus_offset=0x0 max_seg=65536")
                + importer("y.rga", "vendor,rga2", "iommu=2 bus_offset=0x0 max_seg=65536")
                + "   kworker/0:1-12 [000] .....   12.000200: cen_importer: dev=z.rga compatible=-\n";
        LogReplay.Result r = replay(log);
        assertEquals(1, r.importers().size());
        assertEquals(0, r.otherEvents());
        assertEquals(
                List.of("observed.log", "observed.log"),
                r.findings().stream().map(Finding::id).toList());
        assertTrue(
                r.findings().get(0).message().startsWith("cen_importer event without its device"),
                r.findings().toString());
        assertEquals(
                List.of(),
                suggest(HEADER).stream().filter(l -> l.startsWith("match ")).toList());
    }

    @Test
    void theKernelLineOfAnImporterReadsAsItsTraceEvent() throws Exception {
        // the runtime's dev_info line and its cen_importer event of one device (cen_importers.c)
        String dmesg = "[   12.000100] rockchip-drm display-subsystem: board: importer the spec does not name:"
                + " compatible rockchip,display-subsystem, DMA mask 0xffffffff, bus limit 0xffffffffff, IOMMU,"
                + " bus offset 0xffffffffc0000000, max segment 4294967295\n"
                + "[   12.000200] rockchip-drm display-subsystem: other: importer the spec does not name:"
                + " compatible -, DMA mask 0x0, bus limit 0x0, no IOMMU, bus offset 0x0, max segment 1\n";
        String trace = HEADER
                + importer(
                                "display-subsystem",
                                "rockchip,display-subsystem",
                                "iommu=1 bus_offset=0xffffffffc0000000 max_seg=4294967295")
                        .replace("bus_limit=0x0", "bus_limit=0xffffffffff");
        List<ImporterEvent> fromKernel = KernelLogImporters.parse("dmesg.txt", "6.12.118+deb12-arm64", "board", dmesg);
        ImporterEvent fromTrace = replay(trace).importers().get(0);
        assertEquals(1, fromKernel.size(), "the other spec's line is not this spec's importer");
        assertEquals(fromTrace.key(), fromKernel.get(0).key());
        assertEquals(fromTrace.compatibles(), fromKernel.get(0).compatibles());
        assertEquals(
                new org.censpec.model.SourceLocation("dmesg.txt", 1, 46),
                fromKernel.get(0).where());
        assertEquals(suggest(trace), MatchSuggestions.of(spec(SPEC), fromKernel));
    }

    @Test
    void aLogOfAnotherSpecProposesNothing() {
        String log = HEADER.replace("spec=board", "spec=other")
                + importer("x.rga", "vendor,rga", "iommu=0 bus_offset=0x0 max_seg=65536");
        org.junit.jupiter.api.Assertions.assertThrows(ReplayInputException.class, () -> suggest(log));
    }
}
