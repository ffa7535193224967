package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a file name, an include path or a recorded task name says reaches the terminal and the
 * reports as text, never as an escape sequence, a carriage return or a bidi override (issue 29),
 * and line ends written as a lone CR are line ends: findings on the line an editor shows, a CR
 * trace log replayed whole.
 */
class TerminalOutputTest {
    private static final String RPI = Examples.ROOT.resolve("rpi4_camera.cen").toString();
    private static final String ESC = "\u001b";

    @TempDir
    Path tmp;

    private static void assertTerminalSafe(String text) {
        assertFalse(
                text.chars()
                        .anyMatch(c -> c < 0x20 && c != '\n' && c != '\t'
                                || c == 0x202e
                                || c == 0x7f
                                || c >= 0x80 && c < 0xa0),
                "raw control or bidi characters in:\n" + text);
    }

    /** Issue 29: include paths reached the terminal with their escape characters. */
    @Test
    void anIncludePathIsPrintedEscaped() throws IOException {
        Path spec = Files.writeString(
                tmp.resolve("a.cen"),
                "spec a;\ninclude \"" + ESC + "]0;owned" + "\u0007" + ESC + "[2Jx\u202e.cen\";\nram 1G;\n");
        Run r = Run.of("check", "--engine", "direct", spec.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("error[spec.include]"), r.out());
        assertTrue(r.out().contains("\\u001b]0;owned\\u0007\\u001b[2Jx\\u202e.cen"), r.out());
        assertTerminalSafe(r.out());
        for (String format : new String[] {"json", "sarif", "junit"}) {
            Run f = Run.of("check", "--engine", "direct", "--format", format, spec.toString());
            assertTerminalSafe(f.out());
            if (!format.equals("junit")) {
                JsonParser.parseString(f.out()); // still JSON: the escape is the same character
            }
        }
    }

    @Test
    void aFileNameOnTheCommandLineIsPrintedEscaped() {
        Run r = Run.of("check", tmp.resolve(ESC + "[31mred\r.cen").toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("\\u001b[31mred\\u000d.cen: no such file"), r.err());
        assertTerminalSafe(r.err());
    }

    /** Issue 29: recorded task names reached the terminal with their escape characters. */
    @Test
    void aRecordedTaskNameIsPrintedEscaped() throws IOException {
        String header = "# censpec-record 1 spec=rpi4_camera module=rpi4_camera kernel=6.1.0-test\n";
        String task = "comp" + ESC + "]0;x\u0007" + ESC + "[2Jy";
        Path log = Files.writeString(
                tmp.resolve("esc.log"),
                header
                        + "   " + task
                        + "-411 [000] .....   12.000100: cen_create: spec=rpi4_camera buf=1 heap=rpi4_camera len=8294400 mask=0x7\n"
                        + "   " + task
                        + "-411 [000] .....   12.000200: cen_attach: buf=1 dev=fec00000.v3d spec_dev=v3d dev_mask=0x3 mask=0x3 rc=0\n"
                        + "   " + task
                        + "-411 [000] .....   12.000300: cen_alloc: buf=1 dev=fec00000.v3d spec_dev=v3d alloc=dma32 mask=0x3 tried=0x1 len=8294400 rc=0\n"
                        + "   " + task
                        + "-411 [000] .....   12.000400: cen_map: buf=1 dev=fec00000.v3d spec_dev=v3d dir=bidirectional rc=0\n"
                        + "       camera-409 [001] .....   12.000500: cen_attach: buf=1 dev=fe801000.csi spec_dev=unicam dev_mask=0x1 mask=0x3 rc=-16\n");
        Run r = Run.of("replay", RPI, log.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("(task comp\\u001b]0;x\\u0007\\u001b[2Jy-411"), r.out());
        assertTerminalSafe(r.out());
        Run json = Run.of("replay", "--format", "json", RPI, log.toString());
        JsonObject root = JsonParser.parseString(json.out()).getAsJsonObject();
        assertTrue(root.toString().contains("\\u001b[2Jy"), root.toString());
        assertTerminalSafe(json.out());
    }

    /** Issue 29: a trace log with CR line ends replayed as empty (exit 0 although it records a late attach). */
    @Test
    void aTraceLogWithCarriageReturnLineEndsReplaysWhole() throws IOException {
        String header = "# censpec-record 1 spec=rpi4_camera module=rpi4_camera kernel=6.1.0-test\r";
        Path log = Files.writeString(
                tmp.resolve("cr.log"),
                header
                        + "   compositor-411 [000] .....   12.000100: cen_create: spec=rpi4_camera buf=1 heap=rpi4_camera len=8294400 mask=0x7\r"
                        + "   compositor-411 [000] .....   12.000200: cen_attach: buf=1 dev=fec00000.v3d spec_dev=v3d dev_mask=0x3 mask=0x3 rc=0\r"
                        + "   compositor-411 [000] .....   12.000300: cen_alloc: buf=1 dev=fec00000.v3d spec_dev=v3d alloc=dma32 mask=0x3 tried=0x1 len=8294400 rc=0\r"
                        + "   compositor-411 [000] .....   12.000400: cen_map: buf=1 dev=fec00000.v3d spec_dev=v3d dir=bidirectional rc=0\r\n"
                        + "       camera-409 [001] .....   12.000500: cen_attach: buf=1 dev=fe801000.csi spec_dev=unicam dev_mask=0x1 mask=0x3 rc=-16\r");
        Run r = Run.of("replay", RPI, log.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(log + ":6:44: error[observed.late-attach]"), r.out());
        assertTrue(r.err().contains("6 lines, 5 module events, 1 buffers"), r.err());
    }

    /** Issue 29: CR-only line ends put every finding on line 1. */
    @Test
    void aSpecWithCarriageReturnLineEndsHasItsFindingsOnTheirLines() throws IOException {
        Path spec = Files.writeString(tmp.resolve("cr.cen"), "spec cr;\rram 1G;\r\rdevice d { dma_bits 99; }\r");
        Run r = Run.of("check", "--engine", "direct", spec.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains(spec + ":4:21: error[spec.range]"), r.out());
    }
}
