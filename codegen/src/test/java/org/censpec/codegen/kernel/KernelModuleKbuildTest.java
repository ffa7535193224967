package org.censpec.codegen.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Builds the generated modules against real kernel headers, the way they were checked
 * by hand: {@code make W=1 C=2} (sparse) in the normal and the test build, zero
 * warnings, and, if a checkpatch.pl is given, {@code checkpatch.pl --no-tree -f --strict}
 * clean. Opt-in, since it needs the headers and takes a while:
 *
 * <pre>
 * mvn -pl codegen test -Dcenspec.kdir=/lib/modules/6.1.0-56-amd64/build \
 *     -Dcenspec.checkpatch=/path/to/scripts/checkpatch.pl
 * </pre>
 */
@EnabledIfSystemProperty(named = "censpec.kdir", matches = ".+")
class KernelModuleKbuildTest {

    @ParameterizedTest
    @ValueSource(strings = {"rpi4_camera", "refuse", "board"})
    void buildsWithoutWarnings(String spec) throws Exception {
        DriverView view = switch (spec) {
            case "refuse" -> KernelModuleGeneratorTest.refuse();
            case "board" -> KernelModuleGeneratorTest.board();
            default -> KernelModuleGeneratorTest.rpi4CameraBuilt();
        };
        Path dir = Files.createTempDirectory("censpec-kbuild-" + spec);
        new KernelModuleGenerator().writeTo(dir, view);
        String kdir = System.getProperty("censpec.kdir");
        for (String test : List.of("0", "1")) {
            run(dir, List.of("make", "-s", "-C", kdir, "M=" + dir, "clean"));
            String out = run(dir, List.of("make", "-C", kdir, "M=" + dir, "W=1", "C=2", "CENSPEC_TEST=" + test,
                    "modules"));
            List<String> complaints = out.lines()
                    .filter(l -> l.contains("warning") || l.contains("error") || l.contains("Error"))
                    .filter(l -> !l.contains("Skipping BTF")).toList();
            assertEquals(List.of(), complaints, "make CENSPEC_TEST=" + test + ":\n" + out);
            assertTrue(Files.exists(dir.resolve(view.prefix() + ".ko")), out);
        }
        String checkpatch = System.getProperty("censpec.checkpatch", "");
        if (!checkpatch.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of("perl", checkpatch, "--no-tree", "-f", "--strict"));
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h"))
                        .filter(p -> !p.getFileName().toString().endsWith(".mod.c"))
                        .map(Path::toString).sorted().forEach(cmd::add);
            }
            String out = run(dir, cmd);
            out.lines().filter(l -> l.startsWith("total:"))
                    .forEach(l -> assertTrue(l.startsWith("total: 0 errors, 0 warnings, 0 checks"), out));
        }
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "timeout: " + command);
        return out;
    }
}
