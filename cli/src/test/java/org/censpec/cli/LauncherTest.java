package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./censpec} launcher's first build prints plain text: Debian's Maven 3.8 writes
 * colour codes (ESC[0m) even in batch mode, and the launcher strips them. A stand-in
 * {@code mvn} that prints what Debian's does, and a stand-in {@code java}, on the PATH.
 */
class LauncherTest {
    private static final Path LAUNCHER =
            Path.of("..", "censpec").toAbsolutePath().normalize();

    @TempDir
    Path root;

    private Path bin;

    record Result(int exit, String out, String err) {}

    @BeforeEach
    void copyLauncher() throws IOException {
        Files.copy(LAUNCHER, root.resolve("censpec"));
        executable(root.resolve("censpec"));
        bin = Files.createDirectories(root.resolve("bin"));
        script("java", "echo \"java ran: $*\"");
    }

    private void script(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        executable(p);
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result launch() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("censpec").toString(), "--version");
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void firstBuildPrintsNoEscapeCodes() throws Exception {
        script("mvn", "printf '\\033[0m\\033[0m\\033[0m\\033[0m'\nmkdir -p cli/target && : > cli/target/censpec.jar");
        Result r = launch();
        assertEquals(0, r.exit(), r.err());
        assertEquals("censpec: building (mvn install -DskipTests)...\n", r.err());
        assertTrue(r.out().startsWith("java ran: "), r.out());
        assertTrue(Files.exists(root.resolve("cli/target/.censpec-built")));
    }

    @Test
    void aFailedBuildShowsMavensErrorsPlainAndBuildsAgainNextTime() throws Exception {
        script("mvn", "printf '\\033[0m\\033[1;31m[ERROR]\\033[m COMPILATION ERROR: Foo.java:[3,1]\\n' >&2\nexit 1");
        Result r = launch();
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("[ERROR] COMPILATION ERROR: Foo.java:[3,1]\n"), r.err());
        assertFalse(r.err().contains("\u001b"), r.err());
        assertFalse(r.out().contains("java ran"), "nothing runs after a failed build");
        assertFalse(Files.exists(root.resolve("cli/target/.censpec-built")), "no stamp: the next run builds again");
    }
}
