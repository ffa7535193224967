package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplesTest {
    static List<Path> good() {
        return Examples.good();
    }

    static List<Path> broken() {
        return Examples.broken();
    }

    @ParameterizedTest
    @MethodSource("good")
    void everyBundledBoardPasses(Path spec) {
        Run r = Run.of("check", spec.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        // (qemu_importers keeps one refused order on purpose, its error suppressed with the reason)
        assertFalse(r.out().lines().anyMatch(l -> l.contains("error[") && !l.contains("(suppressed: ")), r.out());
    }

    @ParameterizedTest
    @MethodSource("broken")
    void everyBrokenExampleGivesExactlyItsExpectedFindings(Path spec) throws IOException {
        TreeSet<String> expected = Examples.expected(spec);
        assertFalse(expected.isEmpty(), "no // expect: lines in " + spec);
        String id = spec.getFileName().toString().replace(".cen", "");
        assertTrue(expected.stream().anyMatch(e -> e.split(" ")[1].equals(id)), spec + " must trigger " + id);
        for (String engine : List.of("alloy", "direct")) {
            Run r = Run.of("check", "--engine", engine, spec.toString());
            assertEquals(expected, Examples.reported(r.out()), engine + ":\n" + r.out());
            boolean errors = expected.stream().anyMatch(e -> e.startsWith("error"));
            assertEquals(errors ? 1 : 0, r.exit(), r.out() + r.err());
            assertEquals("", r.err());
        }
    }

    static List<Path> all() {
        List<Path> out = new java.util.ArrayList<>(Examples.good());
        out.addAll(Examples.broken());
        return out;
    }

    /** JSON is the machine contract: both engines print the same bytes (messages and traces included). */
    @ParameterizedTest
    @MethodSource("all")
    void bothEnginesPrintIdenticalJson(Path spec) {
        Run alloy = Run.of("check", "--format", "json", "--engine", "alloy", spec.toString());
        Run direct = Run.of("check", "--format", "json", "--engine", "direct", spec.toString());
        assertEquals(direct.out(), alloy.out(), spec.toString());
        assertEquals(direct.exit(), alloy.exit(), spec.toString());
        assertFalse(alloy.out().contains("verify.mismatch"), alloy.out());
    }

    @Test
    void contractExampleGivesTheThreeWarningsItsSemanticsImply() {
        Run r = Run.of("check", Examples.ROOT.resolve("rpi4_camera.cen").toString());
        assertEquals(0, r.exit());
        assertEquals(
                new TreeSet<>(List.of(
                        "warning allocator.unused 18:11",
                        "warning allocator.unused 23:11",
                        "warning flow.attach-after-map 41:9")),
                Examples.reported(r.out()));
        assertTrue(r.out().contains("dma32") && r.out().contains("system"), r.out());
        assertTrue(r.out().endsWith("0 errors, 3 warnings in 1 file\n"), r.out());
    }

    @Test
    void jsonFormatIsTheDocumentedContract() {
        Run r = Run.of(
                "check",
                "--format",
                "json",
                Examples.ROOT.resolve("rpi4_camera.cen").toString());
        assertEquals(0, r.exit());
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(List.of("findings", "summary"), List.copyOf(root.keySet()));
        JsonArray findings = root.getAsJsonArray("findings");
        assertEquals(3, findings.size());
        JsonObject flow = findings.get(2).getAsJsonObject();
        assertEquals(
                List.of("id", "severity", "file", "line", "column", "message", "trace"), List.copyOf(flow.keySet()));
        assertEquals("flow.attach-after-map", flow.get("id").getAsString());
        assertEquals("warning", flow.get("severity").getAsString());
        assertEquals(41, flow.get("line").getAsInt());
        assertEquals(9, flow.get("column").getAsInt());
        JsonArray trace = flow.getAsJsonArray("trace");
        JsonObject last = trace.get(trace.size() - 1).getAsJsonObject();
        assertEquals("camera", last.get("actor").getAsString());
        assertEquals("attach unicam", last.get("step").getAsString());
        assertEquals(41, last.get("line").getAsInt());
        assertEquals("cma_low", last.get("allocator").getAsString());
        assertEquals("cma_low", last.getAsJsonArray("mask").get(0).getAsString());
        JsonObject first = trace.get(0).getAsJsonObject();
        assertTrue(first.get("allocator").isJsonNull(), "nothing is allocated before the first map");
        assertTrue(findings.get(0).getAsJsonObject().getAsJsonArray("trace").isEmpty());
        JsonObject summary = root.getAsJsonObject("summary");
        assertEquals(0, summary.get("errors").getAsInt());
        assertEquals(3, summary.get("warnings").getAsInt());
    }

    @Test
    void outputIsSortedAcrossFilesAndDeterministic() {
        String[] args = {
            "check",
            Examples.ROOT.resolve("rpi4_camera.cen").toString(),
            Examples.ROOT.resolve("broken/flow.late-attach.cen").toString()
        };
        Run a = Run.of(args);
        Run b = Run.of(args);
        assertEquals(a.out(), b.out());
        assertEquals(1, a.exit());
        int broken = a.out().indexOf("broken/flow.late-attach.cen");
        int rpi = a.out().indexOf("rpi4_camera.cen:");
        assertTrue(broken >= 0 && rpi > broken, "sorted by file name:\n" + a.out());
    }
}
