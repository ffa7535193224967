package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec the solver cannot finish within --timeout gets verify.timeout, not a hang. */
class VerifyTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void solverTimeoutIsAFindingNamingTheCommand() throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder("spec slow;\nram 8G;\nallocator a { backend pages; }\n");
        StringBuilder share = new StringBuilder("share s { ");
        for (int d = 0; d < 4; d++) {
            sb.append("device d").append(d).append(" { dma_bits 64; }\n");
            share.append(d == 0 ? "" : ", ").append('d').append(d);
        }
        sb.append(share).append(" }\nflow f on s {\n");
        for (int a = 0; a < 4; a++) {
            sb.append("    actor x").append(a).append(" {");
            for (int i = 0; i < 3; i++) {
                sb.append(" attach d").append(a).append("; map d").append(a).append("; unmap d").append(a)
                        .append("; detach d").append(a).append(';');
            }
            sb.append(" }\n");
        }
        sb.append("}\n");
        Path spec = Files.writeString(dir.resolve("slow.cen"), sb.toString());
        long start = System.nanoTime();
        // In a child JVM, as users run it: the abandoned solver thread dies with it.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.censpec.cli.Main", "check", "--timeout", "1", spec.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Run r = new Run(p.waitFor(), out, "");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("error[verify.timeout]"), r.out());
        // It names the command it stopped in, or (on a loaded machine, where parsing the model takes
        // longer than the limit) says that no command had started yet: both say where it stopped.
        assertTrue(r.out().contains("did not finish command") || r.out().contains("no command had started"),
                "names where it stopped: " + r.out());
        assertTrue(seconds < 30, "the check returns soon after the limit: " + seconds + " s");
        assertEquals(0, Run.of("check", "--engine", "direct", spec.toString()).exit(), "the direct checker judges it");
    }
}
