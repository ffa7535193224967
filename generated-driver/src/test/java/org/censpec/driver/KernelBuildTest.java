package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.censpec.model.check.GeneratedNames;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The committed kernel modules build against Debian's real headers with zero warnings
 * under W=1 (production and test build), are clean under sparse (C=2) and
 * checkpatch.pl --strict: the scripts fail on any finding.
 */
@Requires(Prerequisite.KERNELS)
class KernelBuildTest {
    static final List<String> SPECS = CommittedOutput.SPECS;
    static final Path WORK = Path.of("target", "kernel-build").toAbsolutePath();

    @ParameterizedTest
    @FieldSource("SPECS")
    void buildsWithoutWarningsInBothBuilds(String spec) throws Exception {
        Path src = CommittedOutput.kernel(spec);
        Scripts.Result plain = Scripts.run(
                WORK.resolve(spec + "-build.log"),
                600,
                "build-module.sh",
                src.toString(),
                WORK.resolve(spec).toString());
        assertEquals(0, plain.exit(), Scripts.lastLine(plain.output()));
        assertTrue(plain.output().contains("0 warnings"), plain.output());
        Scripts.Result test = Scripts.run(
                WORK.resolve(spec + "-build-test.log"),
                600,
                "build-module.sh",
                src.toString(),
                WORK.resolve(spec + "-test").toString(),
                "--test");
        assertEquals(0, test.exit(), Scripts.lastLine(test.output()));
        assertOwnTraceSystem(WORK.resolve(spec).resolve(spec + ".ko"), GeneratedNames.traceSystem(spec));
        assertOwnTraceSystem(
                WORK.resolve(spec + "-test").resolve(GeneratedNames.testModule(spec) + ".ko"),
                GeneratedNames.traceSystem(GeneratedNames.testModule(spec)));
    }

    /**
     * The built module names its own trace system (the string the tracing core registers its
     * events under) and not the one system every module had before, nor its other build's.
     */
    private static void assertOwnTraceSystem(Path ko, String system) throws java.io.IOException {
        String text = new String(Files.readAllBytes(ko), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\0" + system + "\0"), ko + " declares its events under " + system);
        String other = system.endsWith("_test") ? system.substring(0, system.length() - 5) : system + "_test";
        assertFalse(text.contains("\0" + other + "\0"), ko + " names " + other);
        assertFalse(
                text.contains("\0" + GeneratedNames.LEGACY_TRACE_SYSTEM + "\0"),
                ko + " still names the shared system " + GeneratedNames.LEGACY_TRACE_SYSTEM);
    }

    @ParameterizedTest
    @FieldSource("SPECS")
    void sparseAndCheckpatchStrictAreClean(String spec) throws Exception {
        Path src = CommittedOutput.kernel(spec);
        Scripts.Result lint = Scripts.run(WORK.resolve(spec + "-lint.log"), 900, "lint-module.sh", src.toString());
        assertEquals(0, lint.exit(), Scripts.lastLine(lint.output()));
        assertTrue(Scripts.lastLine(lint.output()).contains("(sparse 0, checkpatch 0/0/0)"), lint.output());
    }

    /**
     * The runtime's Kbuild probes choose per kernel (the heap framework's dma_heap_add, the
     * dma-buf and DMA API signatures): both builds of one board compile W=1-clean against every
     * other series install-deps.sh fetches, on both architectures. The tests above and the prove
     * stages build 6.1 and 6.12 x86-64 and 6.1 arm64; nothing else builds 7.2.
     */
    @ParameterizedTest
    @CsvSource({"x86_64, 7.2", "arm64, 6.12", "arm64, 7.2"})
    void buildsWithoutWarningsOnTheOtherKernelSeries(String arch, String kernel) throws Exception {
        Path src = CommittedOutput.kernel("rk3399_isp");
        String name = "rk3399_isp-" + arch + "-" + kernel;
        for (String build : List.of("", "--test")) {
            List<String> args = new ArrayList<>(List.of(
                    "--arch",
                    arch,
                    "--kernel",
                    kernel,
                    src.toString(),
                    WORK.resolve(name + build).toString()));
            if (!build.isEmpty()) {
                args.add(build);
            }
            Scripts.Result r = Scripts.run(
                    WORK.resolve(name + build + ".log"), 600, "build-module.sh", args.toArray(String[]::new));
            assertEquals(0, r.exit(), build + " " + Scripts.lastLine(r.output()));
        }
    }
}
