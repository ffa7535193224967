package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code censpec check --watch} as an editor loop uses it: a process that re-checks on save. */
class WatchTest {
    @TempDir
    Path dir;

    private static final String SPEC = """
            spec w;
            ram 4G;
            property contiguous;
            allocator cma { backend contiguous; provides contiguous; below 1G; }
            allocator sys { backend pages; }
            device cam { dma_bits 32; requires contiguous; }
            device gpu { dma_bits 32; }
            share s { cam, gpu }
            flow f on s {
              actor a { attach gpu; STEP }
              actor b { attach cam; }
            }
            """;

    private static String line(BlockingQueue<String> lines, String contains) throws InterruptedException {
        for (; ; ) {
            String l = lines.poll(60, TimeUnit.SECONDS);
            if (l == null) {
                throw new AssertionError("no line containing '" + contains + "' within 60 s");
            }
            if (l.contains(contains)) {
                return l;
            }
        }
    }

    @Test
    @Timeout(180)
    void aSaveThatAddsAFindingPrintsOnlyThatFindingAndAnUndoPrintsItFixed() throws Exception {
        Path spec = Files.writeString(dir.resolve("w.cen"), SPEC.replace("STEP", ""));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.censpec.cli.Main",
                        "check",
                        "--watch",
                        "--engine",
                        "direct",
                        spec.toString())
                .redirectErrorStream(true)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("reader: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            line(lines, "0 errors, ");
            line(lines, "censpec: watching 1 file");
            Thread.sleep(1100); // a new modification time, whatever the filesystem's resolution
            Files.writeString(spec, SPEC.replace("STEP", "map gpu;"));
            String changed = line(lines, "changed: +");
            assertTrue(changed.contains("changed: +1 -0 findings (0 errors, "), changed);
            assertTrue(line(lines, "warning[flow.attach-after-map]").contains(spec.toString()));
            Thread.sleep(1100);
            Files.writeString(spec, SPEC.replace("STEP", ""));
            assertTrue(line(lines, "changed: +").contains("changed: +0 -1 findings (0 errors, "));
            assertTrue(line(lines, "fixed: ").contains("flow.attach-after-map"));
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void watchTakesNoReports() throws IOException {
        Path spec = Files.writeString(dir.resolve("w.cen"), SPEC.replace("STEP", ""));
        Run r = Run.of("check", "--watch", "--format", "json", spec.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--watch prints text to the console"), r.err());
    }
}
