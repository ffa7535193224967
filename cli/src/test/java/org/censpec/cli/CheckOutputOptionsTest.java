package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --output, --report FORMAT=FILE, --warnings-as-errors and their exit codes. */
class CheckOutputOptionsTest {
    @TempDir
    Path dir;

    private static final String RPI = Examples.ROOT.resolve("rpi4_camera.cen").toString();
    private static final String LATE =
            Examples.ROOT.resolve("broken/flow.late-attach.cen").toString();

    private static void assertOneLineError(Run r, String contains) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("censpec: ") && r.err().contains(contains), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void reportsHoldTheSameFindingsAsEachFormatAlone() throws IOException {
        Path sarif = dir.resolve("out.sarif");
        Path junit = dir.resolve("out.xml");
        Path json = dir.resolve("out.json");
        Run r = Run.of(
                "check",
                "--engine",
                "direct",
                "--format",
                "text",
                "--report",
                "sarif=" + sarif,
                "--report",
                "junit=" + junit,
                "--report",
                "json=" + json,
                RPI,
                LATE);
        assertEquals(1, r.exit());
        assertEquals(Run.of("check", "--engine", "direct", RPI, LATE).out(), r.out());
        assertEquals(
                Run.of("check", "--engine", "direct", "--format", "sarif", RPI, LATE)
                        .out(),
                Files.readString(sarif));
        assertEquals(
                Run.of("check", "--engine", "direct", "--format", "junit", RPI, LATE)
                        .out(),
                Files.readString(junit));
        assertEquals(
                Run.of("check", "--engine", "direct", "--format", "json", RPI, LATE)
                        .out(),
                Files.readString(json));
    }

    @Test
    void outputWritesTheFormatToTheFileAndTextToTheConsole() throws IOException {
        Path out = dir.resolve("report.sarif");
        Files.writeString(out, "old contents that must be replaced whole");
        Run r = Run.of("check", "--engine", "direct", "--format", "sarif", "--output", out.toString(), RPI);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("0 errors, 3 warnings in 1 file\n"), r.out());
        assertEquals(
                Run.of("check", "--engine", "direct", "--format", "sarif", RPI).out(), Files.readString(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void warningsAsErrorsTurnsWarningsIntoExitOne() {
        assertEquals(0, Run.of("check", "--engine", "direct", RPI).exit());
        Run r = Run.of("check", "--engine", "direct", "--warnings-as-errors", RPI);
        assertEquals(1, r.exit());
        assertEquals("", r.err());
        Path clean = Examples.ROOT.resolve("imx8mp_evk.cen");
        Run c = Run.of("check", "--engine", "direct", clean.toString());
        if (!c.out().contains("warning[")) {
            assertEquals(
                    0,
                    Run.of("check", "--engine", "direct", "--warnings-as-errors", clean.toString())
                            .exit());
        }
    }

    @Test
    void unwritableReportPathsAreOneLineExitTwoAndWriteNothing() throws IOException {
        assertOneLineError(
                Run.of("check", "--report", "sarif=" + dir.resolve("no/such/dir/x.sarif"), RPI), "no such directory");
        assertOneLineError(Run.of("check", "--output", dir.toString(), "--format", "json", RPI), "is a directory");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        ro.toFile().setWritable(false);
        try {
            if (!Files.isWritable(ro)) { // root may write anyway
                assertOneLineError(Run.of("check", "--report", "junit=" + ro.resolve("x.xml"), RPI), "not writable");
            }
        } finally {
            ro.toFile().setWritable(true);
        }
        Path file = Files.writeString(dir.resolve("file"), "");
        assertOneLineError(Run.of("check", "--trace-svg", file.toString(), LATE), "not a directory");
        assertOneLineError(Run.of("check", "--report", "junit=" + file.resolve("x.xml"), RPI), "cannot write report");
    }

    @Test
    void badReportArgumentsAreUsageErrors() {
        assertOneLineError(Run.of("check", "--report", "sarif", RPI), "FORMAT=FILE");
        assertOneLineError(Run.of("check", "--report", "pdf=x.pdf", RPI), "unknown format 'pdf'");
        assertOneLineError(
                Run.of("check", "--report", "sarif=" + dir.resolve("a"), "--report", "junit=" + dir.resolve("a"), RPI),
                "given twice");
        assertEquals(2, Run.of("check", "--format", "xml", RPI).exit());
    }

    @Test
    void exitCodesStayZeroOneTwoWithReports() throws IOException {
        Path sarif = dir.resolve("s.sarif");
        assertEquals(
                0,
                Run.of("check", "--engine", "direct", "--report", "sarif=" + sarif, RPI)
                        .exit());
        assertEquals(
                1,
                Run.of("check", "--engine", "direct", "--report", "sarif=" + sarif, LATE)
                        .exit());
        assertTrue(Files.readString(sarif).contains("flow.late-attach"));
        assertEquals(
                1,
                Run.of(
                                "check",
                                "--report",
                                "junit=" + dir.resolve("j.xml"),
                                Examples.ROOT.resolve("broken/spec.syntax.cen").toString())
                        .exit());
        assertOneLineError(
                Run.of(
                        "check",
                        "--report",
                        "sarif=" + sarif,
                        dir.resolve("missing.cen").toString()),
                "missing.cen");
    }
}
