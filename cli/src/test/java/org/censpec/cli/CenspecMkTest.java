package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration test of the make include: a temporary Makefile includes ../censpec.mk and
 * runs its targets with CENSPEC pointing at this build's classes (no launcher, no Maven).
 */
@Requires(Prerequisite.MAKE)
class CenspecMkTest {
    private static final Path MK = Path.of("..", "censpec.mk").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path censpec;

    record Make(int exit, String out) {}

    @BeforeEach
    void wrapper() throws Exception {
        censpec = dir.resolve("censpec-under-test");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(
                censpec,
                "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                        + "' org.censpec.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(censpec, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Examples.ROOT.resolve("rpi4_camera.cen"), dir.resolve("rpi4_camera.cen"));
        Files.writeString(
                dir.resolve("Makefile"),
                "# a driver's Makefile\nCENSPEC := " + censpec + "\nCENSPEC_OUT := generated\ninclude " + MK
                        + "\n\nall: censpec-check\n");
    }

    private Make make(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("make", "--no-print-directory", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Make(p.exitValue(), out);
    }

    @Test
    void checkPassesOnAGoodSpecAndFailsOnABrokenOne() throws Exception {
        Make ok = make("censpec-check", "CENSPEC_CHECK_FLAGS=--engine direct");
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("0 errors, 3 warnings in 1 file"), ok.out());

        Make strict = make("censpec-check", "CENSPEC_CHECK_FLAGS=--engine direct --warnings-as-errors");
        assertEquals(2, strict.exit(), "make exits 2 when a recipe fails:\n" + strict.out());

        Files.copy(Examples.ROOT.resolve("broken/flow.late-attach.cen"), dir.resolve("late.cen"));
        Make broken = make("censpec-check", "CENSPEC_CHECK_FLAGS=--engine direct");
        assertFalse(broken.exit() == 0, broken.out());
        assertTrue(broken.out().contains("error[flow.late-attach]"), broken.out());
    }

    @Test
    void checkWritesReportsWhenAskedTo() throws Exception {
        Make r = make("censpec-check", "CENSPEC_REPORT_DIR=reports", "CENSPEC_CHECK_FLAGS=--engine direct");
        assertEquals(0, r.exit(), r.out());
        assertTrue(Files.readString(dir.resolve("reports/censpec.sarif")).contains("\"version\": \"2.1.0\""));
        assertTrue(Files.readString(dir.resolve("reports/censpec-junit.xml")).contains("<testsuites"));
        assertTrue(Files.exists(dir.resolve("reports/trace-svg/rpi4_camera-flow.attach-after-map-41.svg")));
    }

    @Test
    void driftFailsUntilGeneratedThenCatchesAHandEdit() throws Exception {
        Make missing = make("censpec-drift", "CENSPEC_GEN_FLAGS=--engine direct");
        assertFalse(missing.exit() == 0, missing.out());
        assertTrue(missing.out().contains("differs from what"), missing.out());

        Make gen = make("censpec-generate", "CENSPEC_GEN_FLAGS=--engine direct");
        assertEquals(0, gen.exit(), gen.out());
        assertTrue(Files.isDirectory(dir.resolve("generated/rpi4_camera/java")), gen.out());

        Make clean = make("censpec-drift", "CENSPEC_GEN_FLAGS=--engine direct");
        assertEquals(0, clean.exit(), clean.out());
        assertTrue(clean.out().contains("is up to date"), clean.out());

        Path header = dir.resolve("generated/rpi4_camera/java/org/censpec/bindings/rpi4_camera/Device.java");
        Files.writeString(header, Files.readString(header) + "// edited by hand\n");
        Make drift = make("censpec-drift", "CENSPEC_GEN_FLAGS=--engine direct");
        assertFalse(drift.exit() == 0, drift.out());
        assertTrue(drift.out().contains("Device.java"), drift.out());
    }

    @Test
    void noSpecIsAOneLineError() throws Exception {
        Make r = make("censpec-check", "CENSPEC_SPECS=");
        assertFalse(r.exit() == 0);
        assertTrue(r.out().contains("censpec.mk: CENSPEC_SPECS is empty"), r.out());
    }
}
