package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.censpec.model.io.IoReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time options out of range are one line (issue 29: 0 and -1 were accepted, a huge one an internal error). */
class ArgumentsTest {
    private static final String RPI = Examples.ROOT.resolve("rpi4_camera.cen").toString();

    @TempDir
    Path tmp;

    private static void assertOneLine(Run r, String expected) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void timeoutsOutsideOneSecondToADayAreRefused() {
        for (String t : new String[] {"0", "-1", "9223372036854775", "86401"}) {
            assertOneLine(Run.of("check", "--timeout", t, RPI), "--timeout " + t + ": seconds from 1 to 86400");
            assertOneLine(
                    Run.of("generate", "--timeout", t, "-o", tmp.resolve("out").toString(), RPI),
                    "--timeout " + t + ": seconds from 1 to 86400");
        }
        assertOneLine(Run.of("prove", "--boot-timeout", "0", RPI), "--boot-timeout 0: seconds from 1 to 86400");
    }

    /** The work budget's options, one definition for every command that checks (issue 29, item 4). */
    @Test
    void budgetsOutOfRangeAreRefusedWhereverACheckRuns() {
        String range = ": states from 1 to 1000000000000";
        for (String n : new String[] {"0", "-1", "1000000000001"}) {
            assertOneLine(Run.of("check", "--max-states", n, RPI), "--max-states " + n + range);
            assertOneLine(Run.of("check", "--watch", "--max-states", n, RPI), "--max-states " + n + range);
            assertOneLine(
                    Run.of(
                            "generate",
                            "--max-states",
                            n,
                            "-o",
                            tmp.resolve("out").toString(),
                            RPI),
                    "--max-states " + n + range);
        }
        assertOneLine(Run.of("lsp", "--max-states", "0"), "--max-states 0" + range);
        assertOneLine(Run.of("lsp", "--timeout", "0"), "--timeout 0: seconds from 1 to 86400");
    }

    /** Environment errors end with the operating system's reason, not the path again. */
    @Test
    void environmentErrorsCarryTheOperatingSystemsReason() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertOneLine(Run.of("replay", RPI, file.resolve("trace.log").toString()), "cannot read: Not a directory");
        assertEquals("Permission denied", IoReason.of(new AccessDeniedException("/x")));
        assertEquals("No such file or directory", IoReason.of(new NoSuchFileException("/x")));
        assertEquals("No space left on device", IoReason.of(new IOException("No space left on device")));
    }
}
