package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec the check cannot finish within --timeout gets verify.budget at the flows left, not a hang. */
class VerifyTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void aCheckOverItsTimeIsABudgetFindingNotAHang() throws IOException, InterruptedException {
        // Six actors racing on one device, each twice through attach/map/unmap/detach; before its sessions
        // the fifth maps and unmaps (a borrow of another actor's session) and the sixth unmaps: that unmap can
        // take another actor's map and can run first, so it protects nothing, and with a borrow on the device
        // the poison lemma does not apply either (docs/alloy-encoding.md, "Session lemmas"): the solver must
        // prove over orderings that no other map or detach fails. Over 300 s in-process at load 9-12
        // (2026-12-07), far over the 1 s limit below, while the direct checker answers in about 2 s. (The
        // sixth actor's unmap alone is decided by the poison lemma, the fifth's borrow alone by the borrow
        // lemma: 28 s and 14 s at load 5-12.)
        StringBuilder sb = new StringBuilder("spec slow;\nram 8G;\nallocator a { backend pages; }\n");
        sb.append("device d { dma_bits 64; }\nshare s { d }\nflow f on s {\n");
        for (int a = 0; a < 6; a++) {
            sb.append("    actor x").append(a).append(a == 5 ? " { unmap d;" : a == 4 ? " { map d; unmap d;" : " {");
            for (int i = 0; i < 2; i++) {
                sb.append(" attach d; map d; unmap d; detach d;");
            }
            sb.append(" }\n");
        }
        sb.append("}\n");
        Path spec = Files.writeString(dir.resolve("slow.cen"), sb.toString());
        long start = System.nanoTime();
        // In a child JVM, as users run it: the abandoned solver thread dies with it.
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.censpec.cli.Main",
                        "--debug", // an internal error shows its stack trace (seen once under load: an NPE)
                        "check",
                        "--timeout",
                        "1",
                        spec.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Run r = new Run(p.waitFor(), out, "");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(1, r.exit(), r.out() + r.err());
        // One finding at the flow (the spec's only one) or, when the static checks were not finished either, one
        // more at the spec: each says the time ran out, where, and the option that raises it.
        List<String> budget =
                r.out().lines().filter(l -> l.contains("error[verify.budget]")).toList();
        assertTrue(!budget.isEmpty() && budget.size() <= 2, r.out());
        assertTrue(r.out().contains(spec + ":6:6: error[verify.budget]: flow f was not"), r.out());
        assertTrue(
                budget.stream()
                        .allMatch(l -> l.contains("the spec's budget of 1 s ran out ")
                                && l.endsWith("; raise it with --timeout")),
                r.out());
        assertTrue(seconds < 30, "the check returns soon after the limit: " + seconds + " s");
        Run direct = Run.of("check", "--engine", "direct", spec.toString());
        assertTrue(
                direct.out().contains("error[flow.") && !direct.out().contains("[verify."),
                "the direct checker judges it: " + direct.out() + direct.err());
    }
}
