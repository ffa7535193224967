package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specs that ask for more work than any board needs get a located {@code spec.range}
 * error before any semantic work, on both engines (issue 16: 2 000 actors used to end in
 * an OutOfMemoryError and exit 1). The timeouts are hang guards, not speed targets.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HugeSpecTest {
    private static final String HEAD =
            "spec huge;\nram 1G;\nallocator a { backend pages; }\ndevice d { dma_bits 32; }\n" + "share s { d }\n";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("huge.cen"), text);
    }

    private static List<String> errorLines(Run r) {
        return r.out().lines().filter(l -> l.contains(": error[")).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 2_000, 10_000})
    void aFlowOfThousandsOfActorsIsOneLocatedRangeError(int actors) throws IOException {
        StringBuilder sb = new StringBuilder(HEAD).append("flow f on s {\n");
        for (int i = 0; i < actors; i++) {
            sb.append("    actor a").append(i).append(" { attach d; detach d; }\n");
        }
        Path spec = write(sb.append("}\n").toString());
        for (String engine : List.of("direct", "alloy")) {
            Run r = Run.of("check", "--engine", engine, spec.toString());
            assertEquals(ExitCode.FINDINGS, r.exit(), r.err());
            List<String> errors = errorLines(r);
            assertTrue(
                    errors.get(0).startsWith(spec + ":23:11: error[spec.range]: at most 16 actors per flow (flow 'f')"),
                    errors.toString());
            assertTrue(errors.stream().allMatch(l -> l.contains("error[spec.range]: at most ")), errors.toString());
            assertEquals("", r.err());
        }
    }

    @Test
    void aHundredThousandStepsAreLocatedRangeErrors() throws IOException {
        Path spec = write(HEAD + "flow f on s {\n    actor a {" + " attach d; detach d;".repeat(50_000) + " }\n}\n");
        Run r = Run.of("check", spec.toString());
        assertEquals(ExitCode.FINDINGS, r.exit(), r.err());
        assertEquals(
                List.of("steps per actor", "steps per flow", "steps per spec"),
                errorLines(r).stream()
                        .map(l -> l.replaceAll(".*at most \\d+ ([a-z ]+[a-z]).*", "$1"))
                        .toList());
        assertTrue(errorLines(r).stream().allMatch(l -> l.startsWith(spec + ":7:")), r.out());
    }

    @Test
    void aFourMegabyteSpecOfSharesIsOneLocatedRangeError() throws IOException {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; sb.length() < 4_190_000; i++) {
            sb.append("share t").append(i).append(" { d }\n");
        }
        Path spec = write(sb.toString());
        assertTrue(Files.size(spec) <= 4 * 1024 * 1024);
        Run r = Run.of("check", "--engine", "direct", spec.toString());
        assertEquals(ExitCode.FINDINGS, r.exit(), r.err());
        assertEquals(
                List.of(spec + ":133:7: error[spec.range]: at most 128 shares per spec"),
                errorLines(r).stream()
                        .map(l -> l.replaceAll(" \\(a limit.*", ""))
                        .toList());
    }

    @Test
    void justOverFourMegabytesIsRefusedBeforeParsing() throws IOException {
        Path spec = write(HEAD + "//" + "x".repeat(4 * 1024 * 1024));
        Run r = Run.of("check", spec.toString());
        assertEquals(ExitCode.FINDINGS, r.exit());
        assertTrue(r.out().contains(spec + ":1:1: error[spec.too-large]"), r.out());
    }
}
