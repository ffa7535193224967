package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The cross build docs/kernel-module.md documents, run as written: Debian's arm64 6.12
 * headers prepared by prove/scripts/debian-kdir.sh, then the generated Makefile with
 * ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- gives an arm64 module.
 */
class CrossBuildTest {
    private static final Path DOC = Path.of("..", "docs", "kernel-module.md");
    private static final String COMMAND =
            "make KDIR=\"$(prove/scripts/debian-kdir.sh arm64 6.12)\" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-";

    @Test
    void theDocumentedCrossBuildMakesAnArm64Module() throws Exception {
        assertTrue(
                Files.readString(DOC).contains(COMMAND), "docs/kernel-module.md documents the command this test runs");
        Path root = Path.of("..").toAbsolutePath().normalize();
        Process check = new ProcessBuilder("bash", "prove/scripts/debian-kdir.sh", "arm64", "6.12", "--check")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String kdir = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean ready = check.waitFor() == 0;
        if (System.getenv("CI") != null) {
            assertTrue(ready, "CI fetches Debian's arm64 6.12 (install-deps.sh): " + kdir);
        }
        Assumptions.assumeTrue(ready, "Debian's arm64 6.12 headers are not fetched (prove/scripts/install-deps.sh)");
        Path module = Files.createDirectories(
                Path.of("target", "cross-build", "rk3399_isp").toAbsolutePath());
        Path committed = CommittedOutput.kernel("rk3399_isp");
        try (var files = Files.walk(committed)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = module.resolve(committed.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // the documented command, with the module's directory as make's
        String script = "cd " + root + " && " + COMMAND.replace("make ", "make -C " + module + " ");
        Path log = Path.of("target", "cross-build.log").toAbsolutePath();
        Process make = new ProcessBuilder("bash", "-c", script)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(make.waitFor(900, TimeUnit.SECONDS), "make finished");
        assertEquals(0, make.exitValue(), Files.readString(log));
        Path ko = module.resolve("rk3399_isp.ko");
        byte[] elf = Files.readAllBytes(ko);
        assertEquals(0x7f, elf[0], ko + " is an ELF file");
        assertEquals(183, (elf[18] & 0xff) | (elf[19] & 0xff) << 8, ko + ": e_machine EM_AARCH64");
        assertTrue(
                List.of(Files.readString(log).split("\n")).stream().noneMatch(l -> l.contains("warning:")),
                Files.readString(log));
    }
}
