package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate} under faults (issue 16, item 4): killed at random moments, a second
 * writer, a read-only and a full file system. The output folder always holds the old
 * output or the new one (or, after a kill between the two renames that swap them, none),
 * never a mix; temporary folders of killed runs are removed by the next run. The
 * file-system faults mount a small tmpfs and so need root, which CI has.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GenerateFaultsTest {
    private static final String RPI = Examples.ROOT.resolve("rpi4_camera.cen").toString();
    private static final String IMX = Examples.ROOT.resolve("imx8mp_evk.cen").toString();

    @TempDir
    Path tmp;

    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static List<String> siblings(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.getParent())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(dir.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    private Map<String, String> reference(String spec, String name) throws IOException {
        Path ref = tmp.resolve("ref").resolve(name);
        Run r = Run.of("generate", "--engine", "direct", spec, "-o", ref.toString());
        assertEquals(0, r.exit(), r.err());
        return tree(ref);
    }

    private static ProcessBuilder child(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "org.censpec.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }

    private static void assertOneLineError(Run r, String text) {
        assertEquals(ExitCode.USAGE, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(text), r.err());
    }

    @Test
    void killedAtRandomMomentsTheFolderIsOldOrNewAndTheNextRunCleansUp() throws Exception {
        Map<String, String> rpi = reference(RPI, "rpi");
        Map<String, String> imx = reference(IMX, "imx");
        Path out = tmp.resolve("work").resolve("out");
        Files.createDirectories(out.getParent());
        long start = System.nanoTime();
        Process whole = child("generate", "--engine", "direct", RPI, "-o", out.toString())
                .start();
        assertEquals(0, whole.waitFor(), new String(whole.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        long runMillis = (System.nanoTime() - start) / 1_000_000;
        Random random = new Random(16);
        int killedWithLeftovers = 0;
        for (int i = 0; i < 8; i++) {
            Map<String, String> before = tree(out);
            String spec = i % 2 == 0 ? IMX : RPI;
            Process p = child("generate", "--engine", "direct", spec, "-o", out.toString())
                    .start();
            long delay;
            boolean finished;
            if (i % 2 == 0) {
                // Anywhere in the run, most kills late.
                delay = (long) (runMillis * (0.5 + 0.7 * random.nextDouble()));
                finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
            } else {
                // While it writes: a few milliseconds after its temporary folder appears.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.isAlive()
                        && System.nanoTime() < deadline
                        && siblings(out).stream().noneMatch(n -> n.startsWith(".out.tmp-"))) {
                    Thread.sleep(0, 200_000);
                }
                delay = random.nextInt(40);
                finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
            }
            if (!finished) {
                p.destroyForcibly(); // SIGKILL
                p.waitFor();
            }
            Map<String, String> after = tree(out);
            // Absent is possible only for a kill between the two renames of the swap.
            assertTrue(
                    after.equals(before) || after.equals(spec == IMX ? imx : rpi) || (!finished && after.isEmpty()),
                    "run " + i + " (killed after " + delay + " ms: " + !finished + ") left a mix: " + after.keySet());
            if (siblings(out).stream().anyMatch(n -> n.contains(".tmp-") || n.contains(".old-"))) {
                killedWithLeftovers++;
            }
        }
        Run clean = Run.of("generate", "--engine", "direct", RPI, "-o", out.toString());
        assertEquals(0, clean.exit(), clean.err());
        assertEquals(rpi, tree(out));
        assertEquals(List.of(".out.lock"), siblings(out), "the next run removed every stale temporary folder");
        assertTrue(killedWithLeftovers > 0, "some kill landed while the output was written");
        System.out.println("generate killed 8 times at random moments; " + killedWithLeftovers
                + " kills left temporary folders, all removed by the next run");
    }

    @Test
    void staleTemporaryFoldersAreRemovedByTheNextRun() throws IOException {
        Path out = tmp.resolve("out");
        for (String stale : List.of(".out.tmp-1234", ".out.old-99")) {
            Files.createDirectories(tmp.resolve(stale).resolve("kernel"));
            Files.writeString(tmp.resolve(stale).resolve("kernel/half.c"), "/* half written */");
        }
        Files.createDirectories(tmp.resolve(".other.tmp-1"));
        assertEquals(
                0,
                Run.of("generate", "--engine", "direct", RPI, "-o", out.toString())
                        .exit());
        assertEquals(List.of(".other.tmp-1", ".out.lock"), siblings(out), "only this folder's leftovers go");
    }

    @Test
    void aSecondWriterInAnotherProcessRefusesWithOneLine() throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                Run.of("generate", "--engine", "direct", RPI, "-o", out.toString())
                        .exit());
        Map<String, String> before = tree(out);
        try (FileChannel ch = FileChannel.open(tmp.resolve(".out.lock"), StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            assertTrue(held.isValid());
            Process p = child("generate", "--engine", "direct", IMX, "-o", out.toString())
                    .start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(ExitCode.USAGE, p.waitFor(), err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("censpec: another censpec generate is writing " + out), err);
            // In this JVM too (the lock is held by this process).
            assertOneLineError(
                    Run.of("generate", "--engine", "direct", IMX, "-o", out.toString()),
                    "another censpec generate is writing");
        }
        assertEquals(before, tree(out), "the first writer's output is untouched");
        assertEquals(
                0,
                Run.of("generate", "--engine", "direct", IMX, "-o", out.toString())
                        .exit(),
                "free again");
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private Path mountTmpfs(String size) throws IOException, InterruptedException {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        sh("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mnt.toString());
        return mnt;
    }

    private static void unmount(Path mnt) throws IOException, InterruptedException {
        sh("umount", mnt.toString());
    }

    @Test
    @Requires(Prerequisite.ROOT)
    void aReadOnlyFileSystemKeepsTheOldOutput() throws Exception {
        Path mnt = mountTmpfs("4m");
        try {
            Path out = mnt.resolve("out");
            assertEquals(
                    0,
                    Run.of("generate", "--engine", "direct", RPI, "-o", out.toString())
                            .exit());
            Map<String, String> before = tree(out);
            sh("mount", "-o", "remount,ro", mnt.toString());
            assertOneLineError(
                    Run.of("generate", "--engine", "direct", IMX, "-o", out.toString()), mnt + " is not writable");
            assertEquals(before, tree(out));
            assertEquals(List.of(".out.lock"), siblings(out));
        } finally {
            unmount(mnt);
        }
    }

    @Test
    @Requires(Prerequisite.ROOT)
    void aFullFileSystemKeepsTheOldOutputAndSaysSo() throws Exception {
        Path mnt = mountTmpfs("1m");
        try {
            Path out = mnt.resolve("out");
            assertEquals(
                    0,
                    Run.of("generate", "--engine", "direct", RPI, "-o", out.toString())
                            .exit());
            Map<String, String> before = tree(out);
            Path filler = mnt.resolve("filler");
            try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer page = java.nio.ByteBuffer.allocate(4096);
                try {
                    while (true) {
                        page.clear();
                        ch.write(page);
                    }
                } catch (IOException full) {
                    // the file system is full now
                }
            }
            Run r = Run.of("generate", "--engine", "direct", IMX, "-o", out.toString());
            assertOneLineError(
                    r,
                    "censpec: cannot write " + out
                            + ": No space left on device; the output directory was left as it was");
            assertFalse(r.err().contains("internal error"), r.err());
            assertEquals(before, tree(out));
            assertEquals(List.of(".out.lock", "filler"), siblings(out), "no temporary folder is left");
            Files.delete(filler);
            assertEquals(
                    0,
                    Run.of("generate", "--engine", "direct", IMX, "-o", out.toString())
                            .exit());
            assertEquals(
                    0,
                    Run.of("generate", "--check", "--engine", "direct", IMX, "-o", out.toString())
                            .exit());
        } finally {
            unmount(mnt);
        }
    }
}
