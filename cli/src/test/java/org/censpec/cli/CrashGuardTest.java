package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whatever goes wrong inside a run is one line on stderr and exit 2, never a stack trace. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashGuardTest {
    @TempDir
    Path dir;

    @Test
    void outOfMemoryInAChildJvmIsOneLineAndExitTwo() throws Exception {
        StringBuilder sb = new StringBuilder("spec big;\nram 1G;\ndevice d { dma_bits 32; }\n");
        for (int i = 0; sb.length() < 4_000_000; i++) {
            sb.append("share s").append(i).append(" { d }\n");
        }
        Path spec = Files.writeString(dir.resolve("big.cen"), sb.toString());
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx24m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.censpec.cli.Main",
                        "check",
                        "--engine",
                        "direct",
                        spec.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS));
        assertEquals(ExitCode.USAGE, p.exitValue(), err);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("censpec: out of memory (Java heap limit "), err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void resourceExhaustionIsNamedAsSuch() {
        assertTrue(Failure.describe(new StackOverflowError()).startsWith("stack overflow"));
        assertTrue(Failure.describe(new OutOfMemoryError("Java heap space")).startsWith("out of memory"));
        assertTrue(Failure.explained(new StackOverflowError()));
    }

    @Test
    void environmentErrorsNameThePathAndTheReason() {
        assertEquals(
                "cannot write /out/x.c: No space left on device",
                Failure.describe(new FileSystemException("/out/x.c", null, "No space left on device")));
        assertEquals("cannot write /out: Permission denied", Failure.describe(new AccessDeniedException("/out")));
        assertEquals(
                "cannot write /ro/a: Read-only file system",
                Failure.describe(
                        new UncheckedIOException(new FileSystemException("/ro/a", null, "Read-only file system"))));
        assertEquals(
                "i/o error: No space left on device", Failure.describe(new IOException("No space left on device")));
        assertTrue(Failure.explained(new IOException("x")));
    }

    @Test
    void onlyWhatRemainsIsAnInternalError() {
        assertEquals(
                "internal error: java.lang.IllegalStateException: boom",
                Failure.describe(new IllegalStateException("boom")));
        assertFalse(Failure.explained(new IllegalStateException("boom")));
    }

    @Test
    void theLauncherSetsHeapAndStackLimitsThatCanBeReplaced() throws IOException {
        String launcher = Files.readString(
                Path.of(System.getProperty("user.dir")).getParent().resolve("censpec"));
        assertTrue(launcher.contains("${CENSPEC_JAVA_OPTS:--Xmx2g -Xss8m}"), "defaults documented in the README");
    }
}
