package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;

/**
 * The committed devicetree blobs are what src/test/resources/dt/README.md says: compiled
 * from Debian's linux-source-6.1 with cpp and dtc. Runs where the source and dtc are
 * installed (install-deps.sh installs both; CI always has them).
 */
class DtbProvenanceTest {
    private static final Path SOURCE = Path.of("/usr/src/linux-source-6.1.tar.xz");
    private static final String TOP = "linux-source-6.1";
    private static final List<String> BOARDS = List.of("broadcom/bcm2711-rpi-4-b", "freescale/imx8mp-evk",
            "freescale/imx8mp-tqma8mpql-mba8mpxl", "rockchip/rk3399-gru-scarlet-inx");

    @TempDir
    Path tmp;

    private void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Path log = tmp.resolve("log.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
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
        for (String d : List.of("arch/arm64/boot/dts/broadcom", "arch/arm64/boot/dts/freescale",
                "arch/arm64/boot/dts/rockchip", "arch/arm/boot/dts", "include/dt-bindings")) {
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
            run(src, List.of("cpp", "-nostdinc", "-I", vendor.toString(), "-I", prefixes.toString(), "-I", "include",
                    "-undef", "-D__DTS__", "-x", "assembler-with-cpp", "-o", pre.toString(),
                    vendor.resolve(name + ".dts").toString()));
            run(src, List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb.toString(), pre.toString()));
            assertArrayEquals(Files.readAllBytes(ImportDtTest.DT.resolve(name + ".dtb")), Files.readAllBytes(dtb),
                    name + ".dtb differs from the one compiled from " + SOURCE);
        }
    }
}
