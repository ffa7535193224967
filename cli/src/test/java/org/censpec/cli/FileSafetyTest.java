package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are written the way careful tools write them (issue 29): a report, an imported spec,
 * a generated folder and its lock replace only what censpec itself would write (a regular
 * file, a folder it wrote), never a link, a device or a FIFO, never an input of the run; fmt
 * keeps a spec's mode, owner, group and links, or refuses. Each reproducer of the issue is a
 * case here.
 */
class FileSafetyTest {
    private static final String RPI = Examples.ROOT.resolve("rpi4_camera.cen").toString();
    private static final String SPEC = "spec s;\nram 1G;\nallocator a { backend pages; }\ndevice d { dma_bits 32; }\n";

    @TempDir
    Path tmp;

    private static void assertOneLine(Run r, String expected) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Issue 29: --output and --report renamed a temporary file over a FIFO, a device or a symlink. */
    @Test
    void reportsNeverReplaceALinkADeviceOrAFifo() throws Exception {
        Path fifo = tmp.resolve("fifo");
        run("mkfifo", fifo.toString());
        assertOneLine(
                Run.of("check", "--engine", "direct", "--format", "json", "--output", fifo.toString(), RPI),
                "not a regular file");
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still a FIFO");
        Path target = Files.writeString(tmp.resolve("target.txt"), "keep");
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), target);
        assertOneLine(Run.of("check", "--engine", "direct", "--report", "json=" + link, RPI), "is a symbolic link");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep", Files.readString(target));
        if (root()) {
            Path dev = tmp.resolve("null");
            run("mknod", dev.toString(), "c", "1", "3");
            assertOneLine(Run.of("check", "--engine", "direct", "--output", dev.toString(), RPI), "not a regular file");
            assertFalse(Files.isRegularFile(dev), "still the device");
        }
    }

    /** Issue 29: naming the spec being checked (or a file it includes) replaced it with the report. */
    @Test
    void aReportNeverReplacesAnInput() throws IOException {
        Path spec = Files.writeString(tmp.resolve("s.cen"), "include \"inc.cen\";\n" + SPEC);
        Path inc = Files.writeString(tmp.resolve("inc.cen"), "property p;\n");
        assertOneLine(
                Run.of("check", "--engine", "direct", "--output", spec.toString(), spec.toString()),
                "an input of this run");
        assertOneLine(
                Run.of("check", "--engine", "direct", "--report", "json=" + inc, spec.toString()),
                "an input of this run");
        assertEquals("property p;\n", Files.readString(inc));
        assertTrue(Files.readString(spec).startsWith("include"));
        Path log = Files.writeString(tmp.resolve("x.log"), "# censpec-record 1 spec=rpi4_camera\n");
        assertOneLine(Run.of("replay", "--output", log.toString(), RPI, log.toString()), "an input of this run");
    }

    /** Issue 29: import-dt -o naming its input overwrote the blob. */
    @Test
    void importDtNeverOverwritesItsInput() throws IOException {
        Path dtb = Files.copy(ImportDtTest.DT.resolve("bcm2711-rpi-4-b.dtb"), tmp.resolve("board.dtb"));
        byte[] before = Files.readAllBytes(dtb);
        assertOneLine(Run.of("import-dt", dtb.toString(), "-o", dtb.toString(), "--ram", "4G"), "an input of this run");
        Path hard = tmp.resolve("hard.cen");
        Files.createLink(hard, dtb);
        assertOneLine(
                Run.of("import-dt", dtb.toString(), "-o", hard.toString(), "--ram", "4G"), "an input of this run");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dtb)));
    }

    /** Issue 29: -o naming a symlink replaced the link; a link, an empty folder inside DIR were removed silently. */
    @Test
    void generateReplacesOnlyAFolderItWrote() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("out"), real);
        assertOneLine(Run.of("generate", "--engine", "direct", "-o", link.toString(), RPI), "is a symbolic link");
        assertTrue(Files.isSymbolicLink(link));
        Path out = tmp.resolve("gen");
        assertEquals(
                0,
                Run.of("generate", "--engine", "direct", "-o", out.toString(), RPI)
                        .exit());
        Path dirLink = Files.createSymbolicLink(out.resolve("kernel").resolve("mine"), real);
        assertOneLine(
                Run.of("generate", "--engine", "direct", "-o", out.toString(), RPI),
                "kernel/mine is not a generated file");
        Files.delete(dirLink);
        Files.createDirectory(out.resolve("empty"));
        assertOneLine(
                Run.of("generate", "--engine", "direct", "-o", out.toString(), RPI), "empty is not a generated file");
        assertTrue(Files.isDirectory(out.resolve("empty")));
    }

    /**
     * Issue 29: generate judged DIR before the (long) check, not under its lock before the swap,
     * so a file put there meanwhile was deleted without a word.
     */
    @Test
    void aFilePutIntoTheFolderDuringTheCheckIsNeverDeleted() throws Exception {
        Path out = tmp.resolve("gen");
        assertEquals(
                0,
                Run.of("generate", "--engine", "direct", "-o", out.toString(), RPI)
                        .exit());
        org.censpec.codegen.OutputDirectory dir = new org.censpec.codegen.OutputDirectory(out);
        assertEquals(null, dir.problem(Path.of(RPI)), "judged fine before the check");
        Path mine = Files.writeString(out.resolve("kernel").resolve("notes.txt"), "mine");
        org.censpec.codegen.emit.GeneratedFiles files =
                new org.censpec.codegen.CodeGenerator("test").generate(CommittedSpecs.rpi4());
        org.censpec.codegen.OutputDirectory.RefusedException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.censpec.codegen.OutputDirectory.RefusedException.class, () -> dir.write(files));
        assertTrue(e.getMessage().contains("kernel/notes.txt is not a generated file"), e.getMessage());
        assertEquals("mine", Files.readString(mine));
    }

    /** The rpi4_camera example's model. */
    private static final class CommittedSpecs {
        static org.censpec.model.Spec rpi4() throws Exception {
            return new org.censpec.model.parse.SpecReader()
                    .read(Path.of(RPI))
                    .spec()
                    .orElseThrow();
        }
    }

    /** Issue 29: the lock file .DIR.lock was opened through a symlink, creating its target. */
    @Test
    void theLockFileIsNeverOpenedThroughALink() throws IOException {
        Path victim = tmp.resolve("victim");
        Files.createSymbolicLink(tmp.resolve(".out.lock"), victim);
        assertOneLine(
                Run.of(
                        "generate",
                        "--engine",
                        "direct",
                        "-o",
                        tmp.resolve("out").toString(),
                        RPI),
                "the lock file");
        assertFalse(Files.exists(victim, LinkOption.NOFOLLOW_LINKS), "no file created through the link");
    }

    /** Issue 29: fmt made a 0600 spec 0644, rewrote read-only specs, replaced a link by a copy, split hard links. */
    @Test
    void fmtKeepsModeOwnerAndLinksOrRefuses() throws Exception {
        String messy = "spec s;  ram 1G;\n";
        Path secret = Files.writeString(tmp.resolve("secret.cen"), messy);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, Run.of("fmt", secret.toString()).exit());
        assertEquals("spec s;\nram 1G;\n", Files.readString(secret));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));

        Path target = Files.writeString(tmp.resolve("target.cen"), messy);
        Path link = Files.createSymbolicLink(tmp.resolve("link.cen"), target);
        assertEquals(0, Run.of("fmt", link.toString()).exit());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals("spec s;\nram 1G;\n", Files.readString(target), "its target is formatted");

        Path readOnly = Files.writeString(tmp.resolve("ro.cen"), messy);
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
        assertOneLine(Run.of("fmt", readOnly.toString()), "is read-only; nothing written");
        assertEquals(messy, Files.readString(readOnly));

        Path a = Files.writeString(tmp.resolve("a.cen"), messy);
        Files.createLink(tmp.resolve("b.cen"), a);
        assertOneLine(Run.of("fmt", a.toString()), "has 2 hard links");
        assertEquals(messy, Files.readString(tmp.resolve("b.cen")));

        assumeTrue(root(), "changing a file's owner needs root");
        Path owned = Files.writeString(tmp.resolve("owned.cen"), messy);
        run("chown", "65534:65534", owned.toString());
        UserPrincipal owner = Files.getOwner(owned);
        assertEquals(0, Run.of("fmt", owned.toString()).exit());
        assertEquals(owner, Files.getOwner(owned), "the owner stays");
        assertEquals("spec s;\nram 1G;\n", Files.readString(owned));
    }
}
