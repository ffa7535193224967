package org.censpec.codegen.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The kernel runtime is committed once, in kernel-runtime/, and shipped whole and version-stamped. */
class KernelRuntimeFilesTest {
    private static final Path DIR = Path.of("..", "kernel-runtime");

    /** What the folder holds besides the runtime: its description and the list itself. */
    private static final Set<String> NOT_SHIPPED = Set.of("README.md", "runtime.files");

    private static final String KBUILD = "cen_runtime.kbuild";

    @Test
    void runtimeFilesListsEveryFileOfTheFolder() throws Exception {
        List<String> present;
        try (Stream<Path> s = Files.list(DIR)) {
            present = s.map(p -> p.getFileName().toString())
                    .filter(n -> !NOT_SHIPPED.contains(n))
                    .sorted()
                    .toList();
        }
        assertEquals(present, KernelModuleGenerator.RUNTIME.stream().sorted().toList());
    }

    /**
     * The test build's control device finds a stand-in by the whole name the replays call it:
     * the longest spec device name with the suffix of its match stand-in, and the control
     * device's own name, fit CEN_CTL_NAME (it was 32: a 27-character device name became
     * "...@mat", and every replay of it answered -ENODEV: import-dt's i.MX8MP display controllers).
     */
    @Test
    void theControlDeviceHoldsTheLongestStandInName() {
        Matcher size = Pattern.compile("(?m)^#define CEN_CTL_NAME\\s+(\\d+)")
                .matcher(KernelModuleGenerator.runtimeFile("cen_test.h"));
        assertTrue(size.find());
        int room = Integer.parseInt(size.group(1)) - 1;
        Matcher match = Pattern.compile("snprintf\\(t->name, sizeof\\(t->name\\), \"%s(@\\w+)\"")
                .matcher(KernelModuleGenerator.runtimeFile("cen_standin_test.c"));
        assertTrue(match.find());
        assertTrue(org.censpec.model.semantics.Limits.MAX_NAME + match.group(1).length() <= room, "stand-in name");
        Matcher ctl = Pattern.compile("\"%s(_ctl)\", cen_spec.name")
                .matcher(KernelModuleGenerator.runtimeFile("cen_ctl_test.c"));
        assertTrue(ctl.find());
        assertTrue(
                org.censpec.model.semantics.Limits.MAX_SPEC_NAME + ctl.group(1).length() <= room, "control name");
    }

    /** The runtime's Kbuild fragment builds each of its C files, and no other. */
    @Test
    void kbuildFragmentBuildsEveryRuntimeSource() {
        String kbuild = KernelModuleGenerator.runtimeFile(KBUILD);
        Set<String> built = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(cen_\\w+)\\.o\\b").matcher(kbuild.replaceAll("(?m)^#.*$", ""));
        while (m.find()) {
            built.add(m.group(1) + ".c");
        }
        Set<String> sources = KernelModuleGenerator.RUNTIME.stream()
                .filter(n -> n.endsWith(".c"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(sources, built);
    }

    /** The generated Kbuild takes the runtime's objects and switches from the fragment, naming no runtime file. */
    @Test
    void generatedKbuildIncludesTheFragment() {
        String kbuild = new KernelModuleGenerator()
                .generate(KernelModuleGeneratorTest.rpi4CameraBuilt())
                .get("Kbuild");
        assertTrue(kbuild.contains("\ninclude $(src)/" + KBUILD + "\n"), kbuild);
        assertTrue(kbuild.contains(" $(cen-test-objs)\n") && kbuild.contains(" $(cen-module-objs)\n"), kbuild);
        assertFalse(kbuild.matches("(?s).*\\bcen_\\w+\\.o\\b.*"), kbuild);
        assertFalse(
                kbuild.contains("VERSION") || kbuild.contains("PATCHLEVEL"), "no kernel-version arithmetic: " + kbuild);
    }

    /**
     * The generated tables name their static match arrays {@code cen_match_DEVICE} in the runtime's
     * namespace (GeneratedNames.matchArray): safe for every device name because the runtime's
     * header, the only runtime file the tables include, declares no name of that form.
     */
    @Test
    void theRuntimeHeaderLeavesTheMatchArrayNamesToTheTables() throws Exception {
        String header = Files.readString(DIR.resolve("cen_core.h"), StandardCharsets.UTF_8);
        assertTrue(header.contains("CEN_RUNTIME_VERSION"), "the runtime header");
        assertFalse(
                java.util.regex.Pattern.compile("\\bcen_match_\\w")
                        .matcher(header)
                        .find(),
                "cen_core.h declares a cen_match_ name");
    }

    @Test
    void shippedRuntimeIsTheCommittedOne() throws Exception {
        for (String name : KernelModuleGenerator.RUNTIME) {
            assertEquals(
                    Files.readString(DIR.resolve(name), StandardCharsets.UTF_8),
                    KernelModuleGenerator.runtimeFile(name),
                    name);
        }
    }

    @Test
    void generatedTablesRefuseAnotherRuntimeVersion() {
        String spec = new KernelModuleGenerator()
                .generate(KernelModuleGeneratorTest.rpi4CameraBuilt())
                .get("rpi4_camera_spec.c");
        int v = KernelModuleGenerator.RUNTIME_VERSION;
        assertTrue(v > 0);
        assertTrue(spec.contains("#if CEN_RUNTIME_VERSION != " + v + "\n#error "), spec);
        assertEquals(v, KernelModuleGenerator.runtimeVersion("#define X 1\n#define CEN_RUNTIME_VERSION " + v + "\n"));
    }
}
