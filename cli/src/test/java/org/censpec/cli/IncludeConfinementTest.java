package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading is bounded and confined (issue 29): an include reads a regular {@code .cen} file in
 * the spec's own folder tree (or a tree --include-root allows), judged before it is opened and
 * bounded while read, so a spec cannot make censpec read and quote the machine's files, block
 * on a FIFO or read /dev/zero until the heap is gone. The timeout is a hang guard.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IncludeConfinementTest {
    private static final String SPEC = "spec s;\nram 1G;\nallocator a { backend pages; }\n";

    @TempDir
    Path tmp;

    private Run check(Path spec, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "check";
        args[1] = "--engine";
        args[2] = "direct";
        System.arraycopy(more, 0, args, 3, more.length);
        args[args.length - 1] = spec.toString();
        return Run.of(args);
    }

    private Path spec(String dir, String include) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(dir));
        return Files.writeString(d.resolve("s.cen"), "include \"" + include + "\";\n" + SPEC);
    }

    private static void assertInclude(Run r, String expected) {
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("error[spec.include]") && r.out().contains(expected), r.out());
    }

    /** Issue 29: include accepted absolute and ../ paths and quoted the file in every report format. */
    @Test
    void includesStayInTheSpecsFolderTree() throws IOException {
        Files.writeString(tmp.resolve("secret.cen"), "TOKEN=hunter2-do-not-print\n");
        Path spec = spec("board", "../secret.cen");
        Run r = check(spec);
        assertInclude(r, "outside " + tmp.resolve("board").toRealPath());
        assertFalse(r.out().contains("hunter2"), r.out());
        for (String format : new String[] {"json", "sarif", "junit"}) {
            assertFalse(check(spec, "--format", format).out().contains("hunter2"), format);
        }
        assertInclude(check(spec("abs", "/etc/passwd")), "not a .cen file");
        Path inside = spec("linked", "common.cen");
        Files.createSymbolicLink(inside.resolveSibling("common.cen"), tmp.resolve("secret.cen"));
        assertInclude(check(inside), "outside");
        Files.writeString(tmp.resolve("common.cen"), "device d { dma_bits 32; }\n");
        Path shared = spec("shared", "../common.cen");
        assertInclude(check(shared), "--include-root DIR allows another");
        Run allowed = check(shared, "--include-root", tmp.toString());
        assertEquals(0, allowed.exit(), allowed.out());
        Path nested = spec("nested", "sub/a.cen");
        Files.createDirectories(nested.resolveSibling("sub"));
        Files.writeString(nested.resolveSibling("sub").resolve("a.cen"), "include \"../b.cen\";\n");
        Files.writeString(nested.resolveSibling("b.cen"), "device d { dma_bits 32; }\n");
        assertEquals(0, check(nested).exit(), "a nested include may go back up inside the spec's tree");
    }

    /** Issue 29: include of a FIFO blocked forever; of /dev/zero read until the heap was gone. */
    @Test
    void onlyRegularFilesAreReadAndNeverPastTheBound() throws Exception {
        Path spec = spec("fifo", "pipe.cen");
        assertEquals(
                0,
                new ProcessBuilder("mkfifo", spec.resolveSibling("pipe.cen").toString())
                        .start()
                        .waitFor());
        assertInclude(check(spec), "is not a regular file");
        Run top = Run.of("check", spec.resolveSibling("pipe.cen").toString());
        assertEquals(2, top.exit());
        assertTrue(top.err().contains("is not a regular file"), top.err());
        if ("root".equals(System.getProperty("user.name"))) {
            Path zero = spec("zero", "zero.cen");
            assertEquals(
                    0,
                    new ProcessBuilder("mknod", zero.resolveSibling("zero.cen").toString(), "c", "1", "5")
                            .start()
                            .waitFor());
            assertInclude(check(zero), "is not a regular file");
        }
        Path big = spec("big", "big.cen");
        Files.writeString(big.resolveSibling("big.cen"), "// " + "x".repeat(5 << 20) + "\n");
        assertInclude(check(big), "larger than 4194304 bytes");
    }
}
