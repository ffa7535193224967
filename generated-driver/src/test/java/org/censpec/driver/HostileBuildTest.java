package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.censpec.cli.Main;
import org.censpec.codegen.HostileSpecs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Check passes => the output compiles, for real, on specs whose names, strings and file
 * names come from hostile alphabets ({@link HostileSpecs}): each drawn spec is written to a
 * file of its drawn name, {@code censpec generate} runs on it, and the module builds against
 * Debian 6.1's headers with W=1 and no warning (the first spec also as the test build), exports
 * exactly its two registration functions (Module.symvers: nothing a name or string smuggled in),
 * and javac compiles the bindings with -Xlint:all -Werror. A few builds per suite run, a new seed
 * each run (printed; -Dcenspec.hostile.seed=N replays one); the many cheaper checks per run are
 * codegen's HostileNamesTest.
 */
class HostileBuildTest {
    static final Path WORK = Path.of("target", "hostile-build").toAbsolutePath();
    static final int SPECS = Integer.getInteger("censpec.hostile.specs", 2);

    @BeforeAll
    static void prerequisites() throws Exception {
        Scripts.Result deps = Scripts.run(WORK.resolve("deps.log"), 600, "install-deps.sh", "--check");
        if (deps.exit() != 0) {
            fail("kernel build prerequisites missing: " + Scripts.lastLine(deps.output()));
        }
    }

    @Test
    void hostileSpecsThatPassTheCheckBuildCleanAndExportOnlyTheirApi() throws Exception {
        long seed = Long.getLong("censpec.hostile.seed", System.nanoTime());
        Random r = new Random(seed);
        String replay = " (replay: -Dcenspec.hostile.seed=" + seed + ")";
        int built = 0;
        for (int attempt = 0; built < SPECS && attempt < 50; attempt++) {
            HostileSpecs.Drawn drawn = HostileSpecs.draw(r);
            Path dir = Files.createDirectories(WORK.resolve(seed + "-" + attempt));
            Path spec = dir.resolve(drawn.fileName());
            Files.writeString(spec, drawn.text(), StandardCharsets.UTF_8);
            Path out = dir.resolve("out");
            StringWriter so = new StringWriter();
            StringWriter se = new StringWriter();
            int rc = Main.run(
                    new String[] {"generate", "--engine", "direct", "-o", out.toString(), spec.toString()},
                    new PrintWriter(so),
                    new PrintWriter(se));
            if (rc == 1) {
                continue; // the check refused it with located findings (HostileNamesTest covers which)
            }
            assertEquals(0, rc, "generate: " + so + se + replay + "\n" + drawn.text());
            build(out.resolve("kernel"), dir.resolve("build"), built == 0, drawn, replay);
            javac(out.resolve("java"), dir.resolve("classes"), drawn, replay);
            built++;
        }
        assertEquals(SPECS, built, "drawn specs that passed the check" + replay);
    }

    private static void build(Path kernel, Path into, boolean testBuild, HostileSpecs.Drawn drawn, String replay)
            throws Exception {
        String spec = prefixOf(kernel);
        Scripts.Result plain = Scripts.run(
                into.resolveSibling("build.log"), 900, "build-module.sh", kernel.toString(), into.toString());
        assertEquals(0, plain.exit(), plain.output() + replay + "\n" + drawn.text());
        assertTrue(plain.output().contains("0 warnings"), plain.output());
        TreeSet<String> exported = new TreeSet<>();
        Matcher m = Pattern.compile("^0x[0-9a-f]+\\t(\\S+)\\t", Pattern.MULTILINE)
                .matcher(Files.readString(into.resolve("Module.symvers")));
        while (m.find()) {
            exported.add(m.group(1));
        }
        assertEquals(
                new TreeSet<>(List.of(spec + "_register_device", spec + "_unregister_device")),
                exported,
                "exported symbols" + replay);
        if (testBuild) {
            Scripts.Result test = Scripts.run(
                    into.resolveSibling("build-test.log"),
                    900,
                    "build-module.sh",
                    kernel.toString(),
                    into.resolveSibling("build-test").toString(),
                    "--test");
            assertEquals(0, test.exit(), test.output() + replay + "\n" + drawn.text());
        }
    }

    /** The module's prefix: the name of its {@code <prefix>_spec.c}. */
    private static String prefixOf(Path kernel) throws Exception {
        try (Stream<Path> s = Files.list(kernel)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("_spec.c"))
                    .findFirst()
                    .orElseThrow()
                    .replaceAll("_spec\\.c$", "");
        }
    }

    private static void javac(Path sources, Path classes, HostileSpecs.Drawn drawn, String replay) throws Exception {
        String cp = Path.of(com.sun.jna.Native.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                + File.pathSeparator
                + CommittedOutput.bindingsRuntime();
        List<String> args = new ArrayList<>(
                List.of("--release", "17", "-Xlint:all", "-Werror", "-proc:none", "-d", classes.toString(), "-cp", cp));
        try (Stream<Path> s = Files.walk(sources)) {
            s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> args.add(p.toString()));
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, log, log, args.toArray(String[]::new));
        assertEquals(0, rc, log + replay + "\n" + drawn.text());
    }
}
