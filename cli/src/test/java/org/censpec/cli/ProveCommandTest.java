package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code censpec prove}'s refusals, all before anything is built or booted (the boots
 * themselves run in the suite's prove stage: run-tests and mutation-suite.sh).
 */
class ProveCommandTest {
    @TempDir
    Path tmp;

    private static final String RPI = Examples.ROOT.resolve("rpi4_camera.cen").toString();
    private static final String IMX = Examples.ROOT.resolve("imx8mp_evk.cen").toString();

    private static void assertOneLineRefusal(Run r, String needle) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(needle), r.err());
        assertFalse(r.out().contains("passed"), r.out());
    }

    @Test
    void refusesAFolderThatIsNotCenspecOutput() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("hand-made/kernel"));
        assertOneLineRefusal(Run.of("prove", "--generated", dir.getParent().toString(), RPI), "not censpec output");
    }

    @Test
    void refusesOutputGeneratedFromAnotherSpec() {
        Path out = tmp.resolve("imx");
        assertEquals(0, Run.of("generate", IMX, "-o", out.toString()).exit());
        assertOneLineRefusal(
                Run.of("prove", "--generated", out.toString(), RPI), "generated from spec imx8mp_evk, not rpi4_camera");
    }

    @Test
    void refusesAProgramOfTheWrongArchitectureBeforeBooting() throws IOException {
        Path work = tmp.resolve("work");
        Run r = Run.of("prove", "--arch", "arm64", "--run", "/bin/true", "--work", work.toString(), RPI);
        assertOneLineRefusal(r, "/bin/true: built for Advanced Micro Devices X86-64, not arm64");
        assertFalse(Files.exists(work.resolve("build")), "nothing built");
    }

    @Test
    void refusesADynamicProgram() throws IOException {
        Path work = tmp.resolve("work");
        Run r = Run.of("prove", "--run", "/bin/true", "--work", work.toString(), RPI);
        assertOneLineRefusal(r, "dynamically linked");
    }

    @Test
    void refusesBadOptions() {
        assertOneLineRefusal(Run.of("prove", "--arch", "riscv", RPI), "--arch riscv");
        assertOneLineRefusal(Run.of("prove", "--arch", "arm64", "--debug-kernel", RPI), "x86_64 only");
        assertOneLineRefusal(Run.of("prove", "--kernel", "5.10", RPI), "--kernel 5.10");
        assertOneLineRefusal(Run.of("prove", "--memory", "lots", RPI), "--memory lots");
    }

    @Test
    void refusesADtbThatIsNotOneOrNotTheSpecsBoardBeforeBuilding() throws IOException {
        Path work = tmp.resolve("work");
        Path junk = Files.writeString(
                tmp.resolve("board.dtb"), "this is not a devicetree blob at all, just text".repeat(2));
        assertOneLineRefusal(
                Run.of("prove", "--arch", "arm64", "--dtb", junk.toString(), "--work", work.toString(), RPI),
                "bad magic");
        assertFalse(Files.exists(work), "nothing built");
        Path pool = Path.of("../generated-driver/src/test/resources/specs/region_pool.cen");
        Path rpi4 = Path.of("src/test/resources/dt/bcm2711-rpi-4-b.dtb");
        assertOneLineRefusal(
                Run.of(
                        "prove",
                        "--arch",
                        "arm64",
                        "--dtb",
                        rpi4.toString(),
                        "--work",
                        work.toString(),
                        pool.toString()),
                "has no region \"censpec-pool\"");
        assertOneLineRefusal(Run.of("prove", "--dtb", rpi4.toString(), "--no-dtb", RPI), "--dtb and --no-dtb");
        assertOneLineRefusal(Run.of("prove", "--report", "xml=out.xml", RPI), "unknown format 'xml'");
    }
}
