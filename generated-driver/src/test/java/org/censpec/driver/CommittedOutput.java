package org.censpec.driver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.censpec.cli.Main;
import org.censpec.codegen.CodeGenerator;
import org.censpec.codegen.emit.GeneratedFiles;
import org.censpec.model.Spec;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;

/** The example specs whose generated output is committed under generated-driver/. */
final class CommittedOutput {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final List<String> SPECS = List.of("rpi4_camera", "imx8mp_evk", "rk3399_isp");
    /** The hand-written runtime of the Java bindings, which the generated tables compile against. */
    static final Path BINDINGS_RUNTIME_SOURCES = Path.of("..", "bindings-runtime", "src", "main", "java");

    private CommittedOutput() {}

    /** Where the runtime's classes are on the test classpath (its jar or target/classes). */
    static String bindingsRuntime() {
        try {
            return Path.of(org.censpec.bindings.runtime.HeapAbi.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committed tables of {@code spec} (no kernel runtime: it is committed once, in kernel-runtime/). */
    static Path dir(String spec) {
        return Path.of(spec);
    }

    /**
     * The committed kernel module of {@code spec} made whole: its committed tables plus the
     * kernel runtime, as {@code censpec generate} writes them, in target/committed/SPEC/kernel.
     */
    static synchronized Path kernel(String spec) throws java.io.IOException {
        Path out = Path.of("target", "committed", spec).toAbsolutePath();
        java.util.Map<String, String> files =
                new java.util.TreeMap<>(CodeGenerator.runtime().files());
        try (java.util.stream.Stream<Path> s =
                java.nio.file.Files.walk(dir(spec).resolve("kernel"))) {
            for (Path p : s.filter(java.nio.file.Files::isRegularFile).toList()) {
                files.put(dir(spec).relativize(p).toString(), java.nio.file.Files.readString(p));
            }
        }
        for (java.util.Map.Entry<String, String> e : files.entrySet()) {
            Path target = out.resolve(e.getKey());
            java.nio.file.Files.createDirectories(target.getParent());
            java.nio.file.Files.writeString(target, e.getValue());
        }
        return out.resolve("kernel");
    }

    static Spec spec(String name) throws Exception {
        CheckedSpec c = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(EXAMPLES.resolve(name + ".cen"));
        if (c.hasErrors()) {
            throw new IllegalStateException(name + " has errors: " + c.findings());
        }
        return c.spec().orElseThrow();
    }

    static GeneratedFiles generate(String name) throws Exception {
        return new CodeGenerator(Main.VERSION).generateTables(spec(name));
    }
}
