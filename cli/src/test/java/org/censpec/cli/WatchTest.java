package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** A {@code check --watch --engine direct} process on {@code spec} and the lines it prints. */
    private record Watch(Process process, BlockingQueue<String> lines) implements AutoCloseable {
        static Watch of(Path spec) throws IOException {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
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
                lines.add("<exit>");
            });
            reader.setDaemon(true);
            reader.start();
            return new Watch(p, lines);
        }

        /** The lines up to and including the first containing {@code contains}. */
        List<String> until(String contains) throws InterruptedException {
            List<String> got = new ArrayList<>();
            for (; ; ) {
                String l = lines.poll(60, TimeUnit.SECONDS);
                if (l == null || l.equals("<exit>")) {
                    throw new AssertionError("no line containing '" + contains + "' within 60 s; got " + got
                            + (l == null ? "" : " and the process ended"));
                }
                got.add(l);
                if (l.contains(contains)) {
                    return got;
                }
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @Timeout(180)
    void aSaveThatAddsAFindingPrintsOnlyThatFindingAndAnUndoPrintsItFixed() throws Exception {
        Path spec = Files.writeString(dir.resolve("w.cen"), SPEC.replace("STEP", ""));
        try (Watch w = Watch.of(spec)) {
            w.until("0 errors, ");
            w.until("censpec: watching 1 file");
            Thread.sleep(1100); // a new modification time, whatever the filesystem's resolution
            Files.writeString(spec, SPEC.replace("STEP", "map gpu;"));
            String changed = last(w.until("changed: +"));
            assertTrue(changed.contains("changed: +1 -0 findings (0 errors, "), changed);
            assertTrue(last(w.until("warning[flow.attach-after-map]")).contains(spec.toString()));
            Thread.sleep(1100);
            Files.writeString(spec, SPEC.replace("STEP", ""));
            assertTrue(last(w.until("changed: +")).contains("changed: +0 -1 findings (0 errors, "));
            assertTrue(last(w.until("fixed: ")).contains("flow.attach-after-map"));
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    /**
     * Editors that delete the file and write it anew on save: watch goes on (it used to exit
     * with "no such file"); a file that stays missing is said once, and checked when it is back.
     */
    @Test
    @Timeout(180)
    void aSpecDeletedAndWrittenAgainIsWatchedOnAndAMissingOneIsSaidOnce() throws Exception {
        Path spec = Files.writeString(dir.resolve("w.cen"), SPEC.replace("STEP", ""));
        try (Watch w = Watch.of(spec)) {
            w.until("censpec: watching 1 file");
            Files.delete(spec);
            Files.writeString(spec, SPEC.replace("STEP", "map gpu;"));
            List<String> save = w.until("changed: +");
            assertTrue(last(save).contains("changed: +1 -0 findings"), save.toString());
            assertTrue(save.stream().noneMatch(l -> l.contains("missing")), "a save is no absence: " + save);

            Files.delete(spec);
            w.until(spec + " is missing; watching for it to come back");
            Thread.sleep(3 * WatchLoop.MISSING_REPORT_AFTER.toMillis()); // polled ten times meanwhile
            Files.writeString(spec, SPEC.replace("STEP", ""));
            List<String> back = w.until("changed: +");
            assertEquals(
                    List.of(spec + " is back"),
                    back.subList(0, 1).stream()
                            .map(l -> l.substring(l.indexOf(' ', "censpec: ".length()) + 1))
                            .toList(),
                    "said once, then back: " + back);
            assertTrue(last(back).contains("changed: +0 -1 findings"), back.toString());

            Files.delete(spec);
            Files.createDirectory(spec); // no spec file any more: one line, and watch goes on
            assertTrue(last(w.until("watching for it to change")).contains(spec + ": is a directory"));
            Files.delete(spec);
            Files.writeString(spec, SPEC.replace("STEP", "map gpu;"));
            assertTrue(last(w.until("changed: +")).contains("findings (0 errors"));
            assertTrue(w.process().isAlive());
        }
    }

    /** An edit to an included file re-checks the spec that includes it (it used to go unseen). */
    @Test
    @Timeout(180)
    void anEditToAnIncludedFileReChecksTheSpecThatIncludesIt() throws Exception {
        String devices = "device cam { dma_bits 32; requires contiguous; }\ndevice gpu { dma_bits 32; }\n";
        Path included = Files.writeString(dir.resolve("devices.cen"), devices);
        String main = SPEC.replace("STEP", "")
                .replace("device cam { dma_bits 32; requires contiguous; }\ndevice gpu { dma_bits 32; }\n", "")
                .replace(
                        "allocator sys { backend pages; }\n",
                        "allocator sys { backend pages; }\ninclude \"devices.cen\";\n");
        assertTrue(main.contains("include \"devices.cen\";") && !main.contains("device cam"), main);
        Path spec = Files.writeString(dir.resolve("w.cen"), main);
        try (Watch w = Watch.of(spec)) {
            assertTrue(last(w.until("0 errors, ")).contains("0 errors, "));
            w.until("censpec: watching 1 file");
            Thread.sleep(1100);
            Files.writeString(included, devices.replace("requires contiguous;", "requires contiguous, fast;"));
            String changed = last(w.until("changed: +"));
            // the new error, and the flow's warnings that a spec with an error is not checked for
            assertTrue(changed.contains(spec + " changed: +1 -") && changed.contains(" findings (1 errors, "), changed);
            assertTrue(changed.endsWith("after an edit to " + included.toRealPath()), changed);
            assertTrue(last(w.until("error[spec.undefined]")).contains(included.toString()));
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
