package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed devicetree blobs are what src/test/resources/dt/README.md says: the 6.1 ones
 * compiled from Debian's linux-source-6.1 with cpp and dtc (where the source and dtc are
 * installed: install-deps.sh installs both; CI always has them), the 6.12 ones copied from
 * Debian's linux-image-6.12.118+deb12-arm64 (their SHA-256 as listed, and the package's bytes
 * where fetch-kernel.sh unpacked that package).
 */
class DtbProvenanceTest {
    private static final Path SOURCE = Path.of("/usr/src/linux-source-6.1.tar.xz");
    private static final String TOP = "linux-source-6.1";
    private static final List<String> BOARDS = List.of(
            "broadcom/bcm2711-rpi-4-b",
            "freescale/imx8mp-evk",
            "freescale/imx8mp-tqma8mpql-mba8mpxl",
            "rockchip/rk3399-gru-scarlet-inx");

    @TempDir
    Path tmp;

    private static final Path PACKAGE = Path.of(
            System.getProperty("user.home"),
            ".cache",
            "censpec",
            "kernels",
            "arm64-6.12.118+deb12-arm64",
            "root",
            "usr",
            "lib",
            "linux-image-6.12.118+deb12-arm64");

    /** The 6.12 table of the README: blob, package folder, SHA-256. */
    private static List<String[]> debian612() throws IOException {
        List<String[]> rows = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?m)^\\| `([\\w.-]+\\.dtb)` \\| `(\\w+)/` \\| [^|]+ \\| `([0-9a-f]{64})` \\|$")
                .matcher(Files.readString(ImportDtTest.DT.resolve("README.md")));
        while (m.find()) {
            rows.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return rows;
    }

    @Test
    void debian612BlobsAreThePackagesBytes() throws Exception {
        List<String[]> rows = debian612();
        try (var files = Files.list(ImportDtTest.DT.resolve("6.12"))) {
            assertEquals(files.count(), rows.size(), "every blob in 6.12/ is in the README's table");
        }
        assertTrue(rows.size() >= 11, rows.size() + " rows");
        for (String[] row : rows) {
            byte[] blob = Files.readAllBytes(ImportDtTest.DT.resolve("6.12").resolve(row[0]));
            String sha = java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(blob));
            assertEquals(row[2], sha, row[0]);
            Path packaged = PACKAGE.resolve(row[1]).resolve(row[0]);
            if (Files.isRegularFile(packaged)) {
                assertArrayEquals(Files.readAllBytes(packaged), blob, row[0] + " differs from " + packaged);
            }
        }
    }

    private void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Path log = tmp.resolve("log.txt");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + ": timed out");
        }
        assertEquals(0, p.exitValue(), cmd + ":\n" + Files.readString(log));
    }

    @Test
    @Requires(Prerequisite.LINUX_SOURCE)
    void committedBlobsRecompileFromTheKernelSource() throws Exception {
        List<String> tar = new ArrayList<>(List.of("tar", "-xJf", SOURCE.toString(), "--wildcards"));
        for (String d : List.of(
                "arch/arm64/boot/dts/broadcom",
                "arch/arm64/boot/dts/freescale",
                "arch/arm64/boot/dts/rockchip",
                "arch/arm/boot/dts",
                "include/dt-bindings")) {
            tar.add(TOP + "/" + d + "/*");
        }
        tar.add(TOP + "/include/uapi/linux/input-event-codes.h");
        run(tmp, tar);
        Path src = tmp.resolve(TOP);
        Path prefixes = Files.createDirectories(tmp.resolve("prefixes"));
        Files.createSymbolicLink(prefixes.resolve("arm"), src.resolve("arch/arm/boot/dts"));
        Files.createSymbolicLink(prefixes.resolve("arm64"), src.resolve("arch/arm64/boot/dts"));
        Files.createSymbolicLink(prefixes.resolve("dt-bindings"), src.resolve("include/dt-bindings"));
        for (String board : BOARDS) {
            String name = board.substring(board.indexOf('/') + 1);
            Path vendor = src.resolve("arch/arm64/boot/dts").resolve(board.substring(0, board.indexOf('/')));
            Path pre = tmp.resolve(name + ".pre.dts");
            Path dtb = tmp.resolve(name + ".dtb");
            run(
                    src,
                    List.of(
                            "cpp",
                            "-nostdinc",
                            "-I",
                            vendor.toString(),
                            "-I",
                            prefixes.toString(),
                            "-I",
                            "include",
                            "-undef",
                            "-D__DTS__",
                            "-x",
                            "assembler-with-cpp",
                            "-o",
                            pre.toString(),
                            vendor.resolve(name + ".dts").toString()));
            run(src, List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb.toString(), pre.toString()));
            assertArrayEquals(
                    Files.readAllBytes(ImportDtTest.DT.resolve(name + ".dtb")),
                    Files.readAllBytes(dtb),
                    name + ".dtb differs from the one compiled from " + SOURCE);
        }
    }
}
