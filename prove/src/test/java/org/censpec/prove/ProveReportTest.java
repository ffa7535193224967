package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The three renderings of one prove report agree: the text names each failure with its cause,
 * spec line, model and kernel; the JSON has the same counts and every failure; the JUnit XML is
 * well formed, a suite per boot, a failing case per failed check and a skipped case per thing
 * not proven.
 */
class ProveReportTest {
    static ProveReport report() {
        ProveReport.Failure spec = new ProveReport.Failure(
                "device cam match \"vendor,camra\"",
                "the spec against board.dtb",
                "board.cen:7",
                "names a node of the board",
                "no node has this compatible or dev_name()",
                ProveReport.Cause.SPEC,
                "a wrong match");
        ProveReport.Failure mismatch = new ProveReport.Failure(
                "line 12 'map cam'",
                "flow show heap board execution 1/2",
                "board.cen:12",
                "rc=0 mask=0x2 alloc=cma place=ok",
                "rc=0 mask=0x2 alloc=system place=ok",
                ProveReport.Cause.TARGET,
                "differs in alloc; depends on the target: video: region \"video\" is not in the"
                        + " target's /reserved-memory; it falls back to cma");
        ProveReport.Boot boot = new ProveReport.Boot(
                "6.1.0-57-arm64",
                "arm64",
                "virt",
                "1024M",
                1,
                80,
                "CMA area of 64 MiB",
                "default CMA area 64 MiB",
                List.of(
                        new ProveReport.Check("flows", "flow show heap board", 9, 1, List.of(mismatch)),
                        new ProveReport.Check("abi", "heap board", 20, 0, List.of())),
                List.of("the board: /display: behind the IOMMU /iommu, which qemu's machine lacks <&>"),
                "/tmp/serial.log",
                "");
        UnnamedImporters unnamed = new UnnamedImporters(
                List.of(new UnnamedImporters.Seen(
                        "vgem",
                        "6.1.0-57-arm64",
                        "no devicetree node; DMA mask 0xffffffffffffffff, no IOMMU, max segment 65536",
                        List.of("boot-arm64-6.1-1024M-smp1"))),
                List.of(
                        "// 1 importer(s) the spec board does not name, kernel 6.1.0-57-arm64: add each string to the"
                                + " match list of the device it stands for",
                        "// vgem: no devicetree node; DMA mask 0xffffffffffffffff, no IOMMU, max segment 65536",
                        "match \"vgem\";"),
                List.of());
        return new ProveReport(
                "board", "board.cen", "board.dtb (Board)", List.of(), List.of(spec), List.of(boot), unnamed);
    }

    @Test
    void theUnnamedImportersAndTheirMatchLinesAreSaidOnceAndFailNothing() throws Exception {
        String text = ProveText.render(report());
        String section = "importers the spec does not name, from the boots' kernel logs (information, not a check): 1\n"
                + "  " + UnnamedImporters.ON_QEMU + "\n"
                + "  attached: vgem (boot-arm64-6.1-1024M-smp1)\n"
                + "  suggested match lines (censpec replay --suggest-matches):\n"
                + "    // 1 importer(s)";
        assertTrue(text.contains(section), text);
        assertEquals(text.indexOf("match \"vgem\";"), text.lastIndexOf("match \"vgem\";"), "once per run");
        assertTrue(text.contains("    match \"vgem\";\n29 passed, 2 failed\n"), text);
        assertTrue(UnnamedImporters.ON_QEMU.contains("not the board's"));

        JsonObject u = JsonParser.parseString(ProveJson.render(report()))
                .getAsJsonObject()
                .getAsJsonObject("unnamedImporters");
        assertEquals(UnnamedImporters.ON_QEMU, u.get("note").getAsString());
        JsonObject vgem = u.getAsJsonArray("importers").get(0).getAsJsonObject();
        assertEquals("vgem", vgem.get("dev").getAsString());
        assertEquals(
                "boot-arm64-6.1-1024M-smp1", vgem.getAsJsonArray("boots").get(0).getAsString());
        assertEquals(
                "match \"vgem\";", u.getAsJsonArray("suggestedMatches").get(2).getAsString());

        Document d = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(ProveJunit.render(report()).getBytes(StandardCharsets.UTF_8)));
        NodeList out = d.getElementsByTagName("system-out");
        assertEquals(1, out.getLength());
        assertEquals("testsuite", out.item(0).getParentNode().getNodeName());
        assertTrue(
                out.item(0).getTextContent().contains("\nmatch \"vgem\";\n"),
                out.item(0).getTextContent());
        assertTrue(out.item(0).getTextContent().contains("not the board's"));
        assertEquals(2, d.getElementsByTagName("failure").getLength(), "no failure of its own");
    }

    @Test
    void aReportWithoutBootsSaysNothingOfImporters() {
        ProveReport r = report();
        ProveReport none = new ProveReport(
                r.spec(), r.file(), r.board(), r.boardNotes(), r.specFailures(), List.of(), UnnamedImporters.none());
        assertTrue(!ProveText.render(none).contains("importers the spec does not name"));
        assertTrue(!ProveJunit.render(none).contains("system-out"));
    }

    @Test
    void textNamesEachFailureWithCauseLineModelAndKernel() {
        String text = ProveText.render(report());
        assertTrue(
                text.contains(
                        "FAIL [spec] device cam match \"vendor,camra\" (the spec against board.dtb) at board.cen:7"),
                text);
        assertTrue(text.contains("FAIL [target] flows: flow show heap board: line 12 'map cam'"), text);
        assertTrue(
                text.contains(
                        "      model:  rc=0 mask=0x2 alloc=cma place=ok\n      kernel: rc=0 mask=0x2 alloc=system"),
                text);
        assertTrue(text.contains("depends on the target: video"), text);
        assertTrue(text.contains("not proven:\n    - the board: /display"), text);
        assertTrue(text.endsWith("29 passed, 2 failed\n"), text);
    }

    @Test
    void jsonHasTheCountsAndEveryFailure() {
        JsonObject o = JsonParser.parseString(ProveJson.render(report())).getAsJsonObject();
        assertEquals(29, o.getAsJsonObject("summary").get("passed").getAsInt());
        assertEquals(2, o.getAsJsonObject("summary").get("failed").getAsInt());
        assertEquals(
                1,
                o.getAsJsonObject("summary")
                        .getAsJsonObject("byCause")
                        .get("target")
                        .getAsInt());
        JsonObject boot = o.getAsJsonArray("boots").get(0).getAsJsonObject();
        assertEquals("virt", boot.get("machine").getAsString());
        JsonObject f = boot.getAsJsonArray("checks")
                .get(0)
                .getAsJsonObject()
                .getAsJsonArray("failures")
                .get(0)
                .getAsJsonObject();
        assertEquals("board.cen:12", f.get("at").getAsString());
        assertEquals("target", f.get("cause").getAsString());
        assertEquals(
                "spec",
                o.getAsJsonArray("specFailures")
                        .get(0)
                        .getAsJsonObject()
                        .get("cause")
                        .getAsString());
    }

    @Test
    void junitIsWellFormedWithASuitePerBoot() throws Exception {
        Document d = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(ProveJunit.render(report()).getBytes(StandardCharsets.UTF_8)));
        NodeList suites = d.getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength(), "the spec, then one boot");
        Element boot = (Element) suites.item(1);
        assertEquals("3", boot.getAttribute("tests"));
        assertEquals("1", boot.getAttribute("failures"));
        assertEquals("1", boot.getAttribute("skipped"));
        assertEquals(2, d.getElementsByTagName("failure").getLength());
        assertTrue(((Element) d.getElementsByTagName("skipped").item(0))
                .getAttribute("message")
                .contains("<&>"));
    }
}
