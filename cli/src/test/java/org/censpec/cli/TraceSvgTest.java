package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.TraceStep;
import org.censpec.report.Findings;
import org.censpec.report.TraceSvg;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** check --trace-svg: one sequence diagram per flow finding, checked by parsing the SVG. */
class TraceSvgTest {
    @TempDir
    Path dir;

    static List<Path> examples() {
        return ReportFormatsTest.examples();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyFlowFindingGetsItsPicture(Path spec) throws Exception {
        Path out = dir.resolve("svg");
        Run r = Run.of("check", "--engine", "direct", "--trace-svg", out.toString(), spec.toString());
        assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
        CheckedSpec c = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(spec);
        TreeSet<String> expected = new TreeSet<>();
        for (Finding f : c.findings()) {
            if (!Findings.isFlowFinding(f)) {
                continue;
            }
            String name = TraceSvg.fileName(c.spec().orElseThrow().name(), f);
            expected.add(name);
            Path svg = out.resolve(name);
            assertTrue(Files.isRegularFile(svg), svg + " for " + f);
            assertDiagram(Files.readString(svg), f, Findings.flowOf(c.spec().get(), f));
        }
        TreeSet<String> written = new TreeSet<>();
        if (Files.isDirectory(out)) {
            try (Stream<Path> s = Files.list(out)) {
                s.forEach(p -> written.add(p.getFileName().toString()));
            }
        }
        assertEquals(expected, written);
    }

    @Test
    void everyFlowExampleHasAtLeastOnePicture() throws IOException {
        Path out = dir.resolve("all");
        List<String> args = new ArrayList<>(List.of("check", "--engine", "direct", "--trace-svg", out.toString()));
        Examples.broken().forEach(p -> args.add(p.toString()));
        Run r = Run.of(args.toArray(String[]::new));
        assertEquals(1, r.exit());
        for (Path p : Examples.broken()) {
            String id = p.getFileName().toString().replace(".cen", "");
            // flow.never-maps is about a flow without map steps: it has no interleaving to draw
            if (id.startsWith("flow.") && !id.equals("flow.never-maps")) {
                try (Stream<Path> s = Files.list(out)) {
                    assertTrue(s.anyMatch(f -> f.getFileName().toString().contains("-" + id + "-")), id);
                }
            }
        }
    }

    /** The diagram's structure: lifelines, ordered step boxes, the allocation band, the red last step. */
    static void assertDiagram(String svg, Finding f, Optional<Flow> flow) throws Exception {
        Document doc = ReportFormatsTest.parseXml(svg);
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals(
                "http://www.w3.org/2000/svg",
                root.getNamespaceURI() == null ? root.getAttribute("xmlns") : root.getNamespaceURI());
        List<String> actors = Findings.actors(flow, f.trace());
        List<String> heads = new ArrayList<>();
        NodeList texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            String t = texts.item(i).getTextContent();
            if (t.startsWith("actor ")) {
                heads.add(t.substring("actor ".length()));
            }
        }
        assertEquals(actors, heads, "one lifeline per actor, in declaration order");
        List<Element> steps = new ArrayList<>();
        NodeList groups = doc.getElementsByTagName("g");
        Element marker = null;
        Element blocked = null;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String cls = g.getAttribute("class");
            if (cls.startsWith("step")) {
                steps.add(g);
            } else if (cls.equals("allocation-marker")) {
                marker = g;
            } else if (cls.equals("blocked")) {
                blocked = g;
            }
        }
        assertEquals(f.trace().size(), steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Element g = steps.get(i);
            TraceStep t = f.trace().get(i);
            assertEquals(Integer.toString(i + 1), g.getAttribute("data-order"));
            assertEquals(t.actor(), g.getAttribute("data-actor"));
            assertTrue(g.getTextContent().contains(t.step()), g.getTextContent());
            boolean last = i == steps.size() - 1 && !f.id().equals("flow.deadlock");
            assertEquals(last, g.getAttribute("class").contains("offending"), "step " + (i + 1));
        }
        int alloc = Findings.allocationIndex(f.trace());
        if (alloc >= 0) {
            assertTrue(marker != null, "allocation marked");
            assertTrue(marker.getTextContent()
                    .contains(
                            "allocated from " + f.trace().get(alloc).allocator().get()));
            assertTrue(steps.get(alloc).getAttribute("class").contains("allocation"));
        } else {
            assertEquals(null, marker);
        }
        if (f.id().equals("flow.deadlock")) {
            assertTrue(blocked != null && blocked.getTextContent().contains("blocked: wait"), svg);
        }
    }

    @Test
    void picturesAreDeterministic() throws IOException {
        String late = Examples.ROOT.resolve("broken/flow.late-attach.cen").toString();
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        // The same trace gives the same picture (the two engines may pick different interleavings).
        Run.of("check", "--trace-svg", a.toString(), late);
        Run.of("check", "--trace-svg", b.toString(), late);
        try (Stream<Path> s = Files.list(a)) {
            for (Path p : s.sorted().toList()) {
                assertEquals(Files.readString(p), Files.readString(b.resolve(p.getFileName())), p.toString());
            }
        }
    }

    @Test
    void theContractExamplePictureNamesAndMarksWhatMatters() throws Exception {
        Path out = dir.resolve("rpi");
        Run r = Run.of(
                "check",
                "--trace-svg",
                out.toString(),
                Examples.ROOT.resolve("rpi4_camera.cen").toString());
        assertEquals(0, r.exit());
        String svg = Files.readString(out.resolve("rpi4_camera-flow.attach-after-map-41.svg"));
        assertTrue(svg.contains("allocated from cma_low"));
        assertTrue(svg.contains("class=\"step offending\" data-order=\"4\" data-actor=\"camera\""), svg);
        assertTrue(svg.contains("class=\"step allocation\" data-order=\"3\" data-actor=\"compositor\""), svg);
    }

    @Test
    void oddFileNamesStayWellFormed() throws Exception {
        Path spec = dir.resolve("we<ird> & \"odd\".cen");
        Files.copy(Examples.ROOT.resolve("broken/flow.deadlock.cen"), spec);
        Path out = dir.resolve("odd");
        Run r = Run.of("check", "--engine", "direct", "--trace-svg", out.toString(), spec.toString());
        assertEquals(1, r.exit(), r.err());
        String svg = Files.readString(out.resolve("deadlock-flow.deadlock-9.svg"));
        assertTrue(ReportFormatsTest.parseXml(svg)
                .getDocumentElement()
                .getTextContent()
                .contains("we<ird> & \"odd\""));
    }
}
