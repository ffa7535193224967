package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input: every case gets a located finding (exit 1) or a one-line
 * error (exit 2), never a stack trace.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private Run check(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        Run r = Run.of("check", f.toString());
        assertNoStackTrace(r);
        return r;
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    private static void assertOneFinding(Run r, String id, String where) {
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(where + ": error[" + id + "]"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void garbageBytes() throws IOException {
        byte[] b = new byte[64 * 1024];
        new Random(7).nextBytes(b);
        Run r = check("garbage.cen", b);
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("error[spec.encoding]"), r.out());
    }

    @Test
    void printableGarbageGivesBoundedSyntaxErrors() throws IOException {
        StringBuilder sb = new StringBuilder();
        Random rnd = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            sb.append((char) (33 + rnd.nextInt(94)));
        }
        Run r = check("noise.cen", sb.toString().getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, r.exit());
        long lines =
                r.out().lines().filter(l -> l.contains("error[spec.syntax]")).count();
        assertTrue(lines >= 1 && lines <= 51, "syntax errors are capped: " + lines);
    }

    @Test
    void binaryFile() throws IOException {
        Run r = check("elf.cen", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        assertOneFinding(r, "spec.encoding", "1:8");
        assertTrue(r.out().contains("binary"), r.out());
    }

    @Test
    void emptyFile() throws IOException {
        assertOneFinding(check("empty.cen", new byte[0]), "spec.syntax", "1:1");
    }

    @Test
    void tenMegabyteSpecIsRefusedUpFront() throws IOException {
        byte[] b = "property p;\n".repeat(900_000).getBytes(StandardCharsets.US_ASCII);
        assertOneFinding(check("huge.cen", b), "spec.too-large", "1:1");
    }

    @Test
    void largestAcceptedSpecIsCheckedQuickly() throws IOException {
        // As many declarations as the work limits admit, the rest of the 4 MiB in comments.
        StringBuilder sb = new StringBuilder("spec big;\nram 1G;\n");
        for (int i = 0; i < org.censpec.model.check.WorkLimits.MAX_PROPERTIES; i++) {
            sb.append("property p").append(i).append(";\n");
        }
        for (int i = 0; sb.length() < 3_900_000; i++) {
            sb.append(
                    i % 2 == 0
                            ? "// a line comment of some length, as a generated spec might carry\n"
                            : "/* a block comment\n   of two lines */\n");
        }
        Run r = check("big.cen", sb.toString().getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void tenThousandNestedBraces() throws IOException {
        String text = "spec n;\nram 1G;\nallocator a " + "{".repeat(10_000) + "}".repeat(10_000) + "\n";
        assertOneFinding(check("nested.cen", text.getBytes(StandardCharsets.US_ASCII)), "spec.syntax", "3:14");
    }

    @Test
    void megabyteLine() throws IOException {
        String text = "spec l;\nram 1G;\n// " + "x".repeat(1_000_000) + "\nproperty " + "y".repeat(1_000_000) + ";\n";
        Run r = check("line.cen", text.getBytes(StandardCharsets.US_ASCII));
        assertOneFinding(r, "spec.invalid-name", "4:10");
        assertTrue(r.out().length() < 1000, "messages quote long names briefly");
    }

    @Test
    void fiveThousandCharacterName() throws IOException {
        String text = "spec l;\nram 1G;\ndevice " + "d".repeat(5000) + " { dma_bits 32; }\n";
        Run r = check("name.cen", text.getBytes(StandardCharsets.US_ASCII));
        assertOneFinding(r, "spec.invalid-name", "3:8");
        assertTrue(r.out().contains("5000 characters"), r.out());
    }

    @Test
    void nonUtf8Bytes() throws IOException {
        byte[] b = "spec l;\nram 1G;\nproperty caf\u00e9;\n".getBytes(StandardCharsets.ISO_8859_1);
        assertOneFinding(check("latin1.cen", b), "spec.encoding", "3:13");
    }

    @Test
    void directoryAsFile() {
        Run r = Run.of("check", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("censpec: " + dir + ": is a directory, not a spec file\n", r.err());
        assertEquals("", r.out(), "nothing is half-written");
    }

    @Test
    void missingFile() {
        Run r = Run.of("check", dir.resolve("nope.cen").toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("no such file"));
    }

    @Test
    void unreadableFile() throws IOException {
        Path f = dir.resolve("secret.cen");
        Files.writeString(f, "spec s;\nram 1G;\n");
        assertTrue(f.toFile().setReadable(false, false));
        Run r = Run.of("check", f.toString());
        if (Files.isReadable(f)) {
            return; // running as root: permission bits do not stop reading; covered by the other cases
        }
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("permission denied"), r.err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, Run.of().exit());
        assertEquals(2, Run.of("check").exit());
        assertEquals(2, Run.of("check", "--format", "xml", "x.cen").exit());
        assertEquals(2, Run.of("frobnicate").exit());
        Run help = Run.of("check", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--format"));
    }
}
