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

class GenerateCommandTest {
    @TempDir
    Path tmp;

    private static final String RPI = Examples.ROOT.resolve("rpi4_camera.cen").toString();

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    @Test
    void generatesThenTheDriftCheckPassesAndCatchesEdits() throws IOException {
        Path out = tmp.resolve("out");
        Run r = Run.of("generate", RPI, "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(files(out).contains(".censpec-manifest"));
        assertEquals(0, Run.of("generate", "--check", RPI, "-o", out.toString()).exit());
        Path device = out.resolve("java/org/censpec/bindings/rpi4_camera/Device.java");
        Files.writeString(device, Files.readString(device).replace("0x1L", "0xffL"));
        Run drift = Run.of("generate", "--check", RPI, "-o", out.toString());
        assertEquals(1, drift.exit());
        assertTrue(drift.out().contains("differs: java/org/censpec/bindings/rpi4_camera/Device.java"), drift.out());
        assertEquals(
                0, Run.of("generate", RPI, "-o", out.toString()).exit(), "regenerating replaces censpec's own output");
        assertEquals(0, Run.of("generate", "--check", RPI, "-o", out.toString()).exit());
    }

    @Test
    void checkWritesNothing() {
        Path out = tmp.resolve("never");
        assertEquals(1, Run.of("generate", "--check", RPI, "-o", out.toString()).exit());
        assertFalse(Files.exists(out));
    }

    @Test
    void specWithErrorsGeneratesNothing() throws IOException {
        Path out = tmp.resolve("out");
        Run r = Run.of(
                "generate", Examples.ROOT.resolve("broken/flow.late-attach.cen").toString(), "-o", out.toString());
        assertEquals(1, r.exit());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count(), "no temporary directory is left behind");
        }
    }

    @Test
    void refusesSurprisingOutputPaths() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertOneLineError(Run.of("generate", RPI, "-o", file.toString()), "is not a directory");
        assertOneLineError(Run.of("generate", RPI, "-o", Examples.ROOT.toString()), "contains the spec");
        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertOneLineError(Run.of("generate", RPI, "-o", foreign.toString()), "did not write");
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
    }

    private static void assertOneLineError(Run r, String text) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(text), r.err());
    }

    @Test
    void outputIsByteIdenticalRunToRun() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, Run.of("generate", RPI, "-o", a.toString()).exit());
        assertEquals(0, Run.of("generate", RPI, "-o", b.toString()).exit());
        assertEquals(files(a), files(b));
        for (String f : files(a)) {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
        }
    }
}
