package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code suppress ID [on NAME] "reason";}, as docs/language.md describes it. */
class SuppressionsTest {
    @TempDir
    Path dir;

    private static final String LATE = """
            spec late;
            ram 8G;
            allocator dma32 { backend pages_dma32; below 4G; }
            allocator low { backend pages; below 1G; }
            device gpu { dma_bits 32; }
            device cam { dma_bits 30; }
            share s { gpu, cam }
            flow f on s {
                actor render { attach gpu; map gpu; }
                actor camera { attach cam; map cam; }
            }
            """;

    @BeforeAll
    static void schemas() throws Exception {
        ReportFormatsTest.loadSchemas();
    }

    private Path spec(String text) throws Exception {
        return Files.writeString(dir.resolve("s.cen"), text);
    }

    @Test
    void withoutSuppressionsTheLateAttachFails() throws Exception {
        Run r = Run.of("check", spec(LATE).toString());
        assertEquals(1, r.exit(), r.out());
    }

    @Test
    void suppressedFindingsAreKeptWithTheirReasonAndDoNotFail() throws Exception {
        Path s = spec(LATE + "suppress flow.late-attach on f \"the camera driver is started first (bsp init order)\";\n"
                + "suppress flow.attach-after-map \"gpu may attach late; it accepts every pool\";\n");
        Run text = Run.of("check", "--warnings-as-errors", s.toString());
        assertEquals(0, text.exit(), text.out());
        assertTrue(text.out().contains("error[flow.late-attach]"), "kept in the report: " + text.out());
        assertTrue(
                text.out().contains("(suppressed: the camera driver is started first (bsp init order))"), text.out());
        assertTrue(text.out().endsWith("0 errors, 0 warnings, 2 suppressed in 1 file\n"), text.out());

        Run json = Run.of("check", "--format", "json", s.toString());
        JsonObject root = JsonParser.parseString(json.out()).getAsJsonObject();
        JsonObject late = root.getAsJsonArray("findings").asList().stream()
                .map(e -> e.getAsJsonObject())
                .filter(o -> o.get("id").getAsString().equals("flow.late-attach"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "the camera driver is started first (bsp init order)",
                late.get("suppressed").getAsString());
        assertEquals(0, root.getAsJsonObject("summary").get("errors").getAsInt());
        assertEquals(2, root.getAsJsonObject("summary").get("suppressed").getAsInt());

        Run sarif = Run.of("check", "--format", "sarif", s.toString());
        assertEquals(Set.of(), ReportFormatsTest.sarifErrors(sarif.out()));
        assertTrue(
                sarif.out().contains("\"justification\": \"the camera driver is started first (bsp init order)\""),
                sarif.out());

        Run junit = Run.of("check", "--format", "junit", s.toString());
        ReportFormatsTest.assertValidJunit(junit.out());
        assertFalse(junit.out().contains("<failure"), junit.out());
    }

    @Test
    void aSuppressionOnAnotherElementDoesNotMatch() throws Exception {
        Path s = spec(LATE.replace("share s { gpu, cam }", "share s { gpu, cam }\nshare t { gpu }")
                + "suppress flow.late-attach on t \"wrong element\";\n");
        Run r = Run.of("check", s.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("warning[suppression.unused]"), r.out());
    }

    @Test
    void specErrorsCannotBeSuppressedAndUnknownIdsOrNamesAreErrors() throws Exception {
        Path s = spec(LATE + "suppress spec.undefined \"no\";\nsuppress flow.nonsense \"no\";\n"
                + "suppress flow.late-attach on ghost \"no\";\n");
        Run r = Run.of("check", s.toString());
        assertEquals(1, r.exit());
        assertEquals(
                2,
                r.out()
                        .lines()
                        .filter(l -> l.contains("error[spec.invalid-suppression]"))
                        .count(),
                r.out());
        assertTrue(r.out().contains("spec.* errors cannot be suppressed"), r.out());
        assertTrue(r.out().contains("error[spec.undefined]"), r.out());
    }
}
