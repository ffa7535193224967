package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.censpec.model.Finding;
import org.censpec.model.Rule;
import org.censpec.model.Spec;
import org.censpec.model.TraceStep;
import org.censpec.model.rules.RuleCatalog;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The SARIF and JUnit reports of every bundled example, validated by the official SARIF
 * 2.1.0 JSON schema and by the JUnit XSD Jenkins reads (both shipped in test resources,
 * see schemas/NOTICE.md), and checked against the findings they are made from.
 */
class ReportFormatsTest {
    private static JsonSchema sarifSchema;
    private static Schema junitSchema;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void loadSchemas() throws Exception {
        if (sarifSchema != null) {
            return;
        }
        try (InputStream in = ReportFormatsTest.class.getResourceAsStream("/schemas/sarif-schema-2.1.0.json")) {
            assertNotNull(in, "schemas/sarif-schema-2.1.0.json missing from test resources");
            sarifSchema =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try (InputStream in = ReportFormatsTest.class.getResourceAsStream("/schemas/junit-10.xsd")) {
            assertNotNull(in, "schemas/junit-10.xsd missing from test resources");
            junitSchema = sf.newSchema(new StreamSource(in));
        }
    }

    static List<Path> examples() {
        List<Path> all = new ArrayList<>(Examples.good());
        all.addAll(Examples.broken());
        return all;
    }

    private static CheckedSpec checked(Path spec) throws Exception {
        return new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(spec);
    }

    static Set<ValidationMessage> sarifErrors(String sarif) throws IOException {
        return sarifSchema.validate(JSON.readTree(sarif));
    }

    static void assertValidJunit(String xml) throws Exception {
        junitSchema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void sarifOfEveryExampleIsValidAndHoldsEveryFinding(Path spec) throws Exception {
        Run r = Run.of("check", "--engine", "direct", "--format", "sarif", spec.toString());
        assertEquals("", r.err());
        Set<ValidationMessage> errors = sarifErrors(r.out());
        assertTrue(errors.isEmpty(), spec + ": " + errors + "\n" + r.out());

        CheckedSpec c = checked(spec);
        JsonNode run = JSON.readTree(r.out()).get("runs").get(0);
        assertEquals(1, JSON.readTree(r.out()).get("runs").size());
        JsonNode rules = run.get("tool").get("driver").get("rules");
        JsonNode results = run.get("results");
        assertEquals(c.findings().size(), results.size());
        for (int i = 0; i < results.size(); i++) {
            Finding f = c.findings().get(i);
            JsonNode res = results.get(i);
            assertEquals(f.id(), res.get("ruleId").asText());
            assertEquals(
                    f.id(), rules.get(res.get("ruleIndex").asInt()).get("id").asText());
            assertEquals(f.severity().label(), res.get("level").asText());
            assertEquals(f.message(), res.get("message").get("text").asText());
            JsonNode region =
                    res.get("locations").get(0).get("physicalLocation").get("region");
            assertEquals(f.loc().line(), region.get("startLine").asInt());
            assertEquals(f.loc().column(), region.get("startColumn").asInt());
            if (f.trace().isEmpty()) {
                assertFalse(res.has("codeFlows"));
                continue;
            }
            // One thread flow per actor; merged by executionOrder they give the trace back in order.
            JsonNode threadFlows = res.get("codeFlows").get(0).get("threadFlows");
            Set<String> actors = new TreeSet<>();
            f.trace().forEach(t -> actors.add(t.actor()));
            assertEquals(actors.size(), threadFlows.size());
            String[] replay = new String[f.trace().size()];
            for (JsonNode tf : threadFlows) {
                String actor = tf.get("id").asText();
                int previous = 0;
                for (JsonNode loc : tf.get("locations")) {
                    int order = loc.get("executionOrder").asInt();
                    assertTrue(order > previous, "locations of a thread flow are in execution order");
                    previous = order;
                    TraceStep t = f.trace().get(order - 1);
                    assertEquals(actor, t.actor());
                    assertEquals(
                            t.loc().line(),
                            loc.get("location")
                                    .get("physicalLocation")
                                    .get("region")
                                    .get("startLine")
                                    .asInt());
                    replay[order - 1] = actor + ":" + t.step();
                }
            }
            for (int k = 0; k < replay.length; k++) {
                assertEquals(f.trace().get(k).actor() + ":" + f.trace().get(k).step(), replay[k]);
            }
        }
    }

    /** SARIF's rules are the catalog (docs/cli.md's finding table is held to it by DocsTest). */
    @Test
    void sarifRulesAreTheCatalogWithDescriptions() throws Exception {
        Run r = Run.of(
                "check",
                "--engine",
                "direct",
                "--format",
                "sarif",
                Examples.ROOT.resolve("rpi4_camera.cen").toString());
        JsonNode driver = JSON.readTree(r.out()).get("runs").get(0).get("tool").get("driver");
        assertEquals("censpec", driver.get("name").asText());
        assertEquals(Main.VERSION, driver.get("version").asText());
        List<String> ids = new ArrayList<>();
        for (JsonNode rule : driver.get("rules")) {
            ids.add(rule.get("id").asText());
            assertFalse(rule.get("shortDescription").get("text").asText().isBlank());
            assertFalse(rule.get("fullDescription").get("text").asText().isBlank());
        }
        assertEquals(RuleCatalog.all().stream().map(Rule::id).toList(), ids);
    }

    @Test
    void sarifCarriesTheVerifiedFixOfAFlowFinding() throws Exception {
        Run r = Run.of(
                "check",
                "--engine",
                "direct",
                "--format",
                "sarif",
                Examples.ROOT.resolve("rpi4_camera.cen").toString());
        JsonNode flow = JSON.readTree(r.out()).get("runs").get(0).get("results").get(2);
        assertEquals("flow.attach-after-map", flow.get("ruleId").asText());
        JsonNode fix = flow.get("fixes").get(0);
        assertTrue(
                fix.get("description")
                        .get("text")
                        .asText()
                        .contains("add `wait camera.unicam_attached;` before `map v3d` (line 50)"),
                fix.toString());
        JsonNode replacements = fix.get("artifactChanges").get(0).get("replacements");
        // label the late attach (line 41), then the wait before the first map (line 50)
        assertEquals(
                41, replacements.get(0).get("deletedRegion").get("startLine").asInt());
        assertEquals(
                "unicam_attached: ",
                replacements.get(0).get("insertedContent").get("text").asText());
        assertEquals(
                50, replacements.get(1).get("deletedRegion").get("startLine").asInt());
        assertEquals(
                "wait camera.unicam_attached; ",
                replacements.get(1).get("insertedContent").get("text").asText());
    }

    @Test
    void sarifOfTheContractExampleShowsTheInterleavingPerActor() throws Exception {
        Run r = Run.of(
                "check",
                "--format",
                "sarif",
                Examples.ROOT.resolve("rpi4_camera.cen").toString());
        assertEquals(0, r.exit());
        JsonNode results = JSON.readTree(r.out()).get("runs").get(0).get("results");
        JsonNode flow = results.get(2);
        assertEquals("flow.attach-after-map", flow.get("ruleId").asText());
        assertEquals("warning", flow.get("level").asText());
        assertEquals(
                "../examples/rpi4_camera.cen",
                flow.get("locations")
                        .get(0)
                        .get("physicalLocation")
                        .get("artifactLocation")
                        .get("uri")
                        .asText());
        JsonNode threadFlows = flow.get("codeFlows").get(0).get("threadFlows");
        assertEquals(2, threadFlows.size());
        assertEquals("camera", threadFlows.get(0).get("id").asText());
        assertEquals("compositor", threadFlows.get(1).get("id").asText());
        JsonNode camera = threadFlows.get(0).get("locations");
        assertEquals(1, camera.size());
        assertEquals(4, camera.get(0).get("executionOrder").asInt());
        assertEquals("essential", camera.get(0).get("importance").asText());
        JsonNode compositor = threadFlows.get(1).get("locations");
        assertEquals(
                List.of(1, 2, 3),
                List.of(
                        compositor.get(0).get("executionOrder").asInt(),
                        compositor.get(1).get("executionOrder").asInt(),
                        compositor.get(2).get("executionOrder").asInt()));
        assertTrue(
                compositor
                        .get(2)
                        .get("location")
                        .get("message")
                        .get("text")
                        .asText()
                        .contains("allocates from cma_low"),
                compositor.toString());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void junitOfEveryExampleIsValidWithOneCasePerCheck(Path spec) throws Exception {
        Run r = Run.of("check", "--engine", "direct", "--format", "junit", spec.toString());
        assertEquals("", r.err());
        assertValidJunit(r.out());
        Document doc = parseXml(r.out());
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertEquals(1, suites.getLength());
        Element suite = (Element) suites.item(0);
        assertEquals(spec.toString(), suite.getAttribute("name"));
        NodeList cases = suite.getElementsByTagName("testcase");
        CheckedSpec c = checked(spec);
        int failing = countFailing(cases);
        assertEquals(Integer.toString(failing), suite.getAttribute("failures"));
        if (c.spec().isEmpty()) {
            assertEquals(1, cases.getLength(), "a spec that does not parse is one test case");
            assertEquals(1, failing);
            return;
        }
        Spec s = c.spec().get();
        List<String> expected = new ArrayList<>();
        expected.add("spec " + s.name());
        s.allocators().forEach(a -> expected.add("allocator " + a.name()));
        s.devices().forEach(d -> expected.add("device " + d.name()));
        s.shares().forEach(sh -> expected.add("share " + sh.name()));
        s.flows().forEach(fl -> expected.add("flow " + fl.name()));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            names.add(((Element) cases.item(i)).getAttribute("name"));
        }
        assertEquals(expected, names);
        assertEquals(Integer.toString(expected.size()), suite.getAttribute("tests"));
        // Every error finding shows up, with its message and trace, in some failure (a suppressed one passes).
        StringBuilder failures = new StringBuilder();
        NodeList fs = suite.getElementsByTagName("failure");
        for (int i = 0; i < fs.getLength(); i++) {
            failures.append(fs.item(i).getTextContent());
        }
        for (Finding f : c.findings()) {
            if (f.isError() && f.suppression().isEmpty()) {
                assertTrue(failures.toString().contains("error[" + f.id() + "]: " + f.message()), f.toString());
                for (TraceStep t : f.trace()) {
                    assertTrue(failures.toString().contains(t.step()), t.toString());
                }
            }
        }
        assertEquals(c.hasErrors(), failing > 0);
    }

    private static int countFailing(NodeList cases) {
        int n = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            if (((Element) cases.item(i)).getElementsByTagName("failure").getLength() > 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void junitOfManyFilesHasOneSuiteEachAndWarningsFailOnlyWhenAsked() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "--engine", "direct", "--format", "junit"));
        examples().forEach(p -> args.add(p.toString()));
        Run r = Run.of(args.toArray(String[]::new));
        assertValidJunit(r.out());
        assertEquals(
                examples().size(),
                parseXml(r.out()).getElementsByTagName("testsuite").getLength());

        String rpi = Examples.ROOT.resolve("rpi4_camera.cen").toString();
        Run plain = Run.of("check", "--engine", "direct", "--format", "junit", rpi);
        assertEquals(0, countFailing(parseXml(plain.out()).getElementsByTagName("testcase")));
        assertTrue(plain.out().contains("<system-out>"), "warnings are shown, not failed");
        Run strict = Run.of("check", "--engine", "direct", "--format", "junit", "--warnings-as-errors", rpi);
        assertValidJunit(strict.out());
        assertEquals(3, countFailing(parseXml(strict.out()).getElementsByTagName("testcase")));
        assertEquals(1, strict.exit());
    }

    @Test
    void junitSkipsElementChecksWhenSpecLevelErrorsStopThem() throws Exception {
        Run r = Run.of(
                "check",
                "--format",
                "junit",
                Examples.ROOT.resolve("broken/spec.undefined.cen").toString());
        assertEquals(1, r.exit());
        assertValidJunit(r.out());
        Document doc = parseXml(r.out());
        NodeList cases = doc.getElementsByTagName("testcase");
        Element first = (Element) cases.item(0);
        assertTrue(first.getAttribute("name").startsWith("spec "));
        assertEquals(1, first.getElementsByTagName("failure").getLength());
        for (int i = 1; i < cases.getLength(); i++) {
            assertEquals(
                    1, ((Element) cases.item(i)).getElementsByTagName("skipped").getLength());
        }
    }

    @Test
    void reportsAreDeterministic() {
        List<String> args = new ArrayList<>(List.of("check", "--engine", "direct", "--format"));
        for (String format : List.of("sarif", "junit")) {
            List<String> a = new ArrayList<>(args);
            a.add(format);
            Stream.of(Examples.ROOT.resolve("rpi4_camera.cen"), Examples.ROOT.resolve("broken/flow.late-attach.cen"))
                    .forEach(p -> a.add(p.toString()));
            assertEquals(
                    Run.of(a.toArray(String[]::new)).out(),
                    Run.of(a.toArray(String[]::new)).out());
        }
    }

    @Test
    void hostileTextStaysWellFormedXmlAndValidSarif(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("odd <&\"'>.cen");
        Files.writeString(f, "spec x;\nram 1G;\n\u0001 <]]> & \"'\n");
        Run j = Run.of("check", "--format", "junit", f.toString());
        assertEquals(1, j.exit());
        assertValidJunit(j.out());
        Run s = Run.of("check", "--format", "sarif", f.toString());
        assertTrue(sarifErrors(s.out()).isEmpty(), s.out());
    }

    @Test
    void theValidatorsRejectBrokenReports() throws Exception {
        Run r = Run.of(
                "check",
                "--engine",
                "direct",
                "--format",
                "sarif",
                Examples.ROOT.resolve("broken/flow.late-attach.cen").toString());
        assertTrue(sarifErrors(r.out()).isEmpty());
        assertFalse(sarifErrors(r.out().replace("\"executionOrder\": 3", "\"executionOrder\": \"3\""))
                .isEmpty());
        assertFalse(sarifErrors(r.out().replace("\"level\": \"error\"", "\"level\": \"fatal\""))
                .isEmpty());
        assertFalse(sarifErrors(r.out().replace("\"startLine\": 19", "\"startLine\": 0"))
                .isEmpty());
        Run j = Run.of(
                "check",
                "--engine",
                "direct",
                "--format",
                "junit",
                Examples.ROOT.resolve("broken/flow.late-attach.cen").toString());
        assertValidJunit(j.out());
        org.junit.jupiter.api.Assertions.assertThrows(
                org.xml.sax.SAXException.class,
                () -> assertValidJunit(j.out().replace(" errors=\"0\" skipped=", " skipped=")));
        org.junit.jupiter.api.Assertions.assertThrows(
                org.xml.sax.SAXException.class,
                () -> assertValidJunit(j.out().replace("<failure ", "<failed ").replace("</failure>", "</failed>")));
    }
}
