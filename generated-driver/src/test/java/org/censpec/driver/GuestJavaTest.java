package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;
import org.junit.jupiter.api.Test;

/**
 * Runs the generated Java bindings in a booted Linux kernel: compiles the committed
 * bindings of rpi4_camera and imx8mp_evk and the guest program (prove/guest-java)
 * for Java 17, builds the test builds of both modules, and boots the qemu guest once per
 * JDK (17, and 25 where installed) with the host root shared over 9p; in the guest the
 * program runs chrooted with that JDK against each module (prove/guest/README.md,
 * "Java bindings"). Every check must pass, the guest's verdict must be pass (rmmod, clean
 * dmesg).
 */
class GuestJavaTest {
    static final Path WORK = Path.of("target", "guest-java").toAbsolutePath();
    static final List<String> MODULES = List.of("rpi4_camera", "imx8mp_evk");
    static final String MAIN = "org.censpec.guest.GuestBindingsTest";
    static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    /**
     * The harness's defaults (interpreter only: under TCG the JIT costs more than it saves)
     * plus native access for JNA in the unnamed module, which JDK 24+ warns about without it
     * and a later JDK will require; JDK 17 accepts the option.
     */
    static final String JAVA_OPTS = "-Xint -XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED";

    private static final Pattern SUMMARY = Pattern.compile("^@@CENSPEC JAVA SUMMARY (\\d+) passed, (\\d+) failed");
    private static final Pattern EXIT =
            Pattern.compile("^@@CENSPEC JAVA (\\S+) EXIT rc=(-?\\d+) start=([\\d.]+) uptime=([\\d.]+)");
    private static final Pattern BEGIN = Pattern.compile("^@@CENSPEC BEGIN .* uptime=([\\d.]+)");
    private static final Pattern QEMU_S = Pattern.compile("qemu_s=([\\d.]+)");

    @Test
    @Requires(Prerequisite.KERNELS)
    void bindingsPassInTheGuestUnderEachJdk() throws Exception {
        long start = System.nanoTime();
        Path jdk17 = JDK17;
        if (!Files.isExecutable(jdk17.resolve("bin/java")) && Runtime.version().feature() == 17) {
            jdk17 = Path.of(System.getProperty("java.home"));
        }
        assertTrue(Files.isExecutable(jdk17.resolve("bin/java")), "JDK 17 expected at " + JDK17);
        List<Path> jdks = new ArrayList<>(List.of(jdk17));
        if (Files.isExecutable(JDK25.resolve("bin/java"))) {
            jdks.add(JDK25);
        } else {
            System.out.println("java-guest: no JDK 25 at " + JDK25 + ", running JDK 17 only");
        }

        Path classes = WORK.resolve("classes");
        String jna = Path.of(Native.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        long c0 = System.nanoTime();
        compile(classes, jna);
        long compileMs = (System.nanoTime() - c0) / 1_000_000;

        List<String> modArgs = new ArrayList<>();
        long b0 = System.nanoTime();
        for (String m : MODULES) {
            Path build = WORK.resolve("build").resolve(m);
            Scripts.Result b = Scripts.run(
                    WORK.resolve("logs/build-" + m + ".log"),
                    600,
                    "build-module.sh",
                    CommittedOutput.kernel(m).toString(),
                    build.toString(),
                    "--test");
            assertEquals(0, b.exit(), "building " + m + ": " + Scripts.lastLine(b.output()));
            modArgs.addAll(List.of("--module", build.resolve(m + "_test.ko").toString()));
        }
        long buildMs = (System.nanoTime() - b0) / 1_000_000;

        List<String> problems = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (Path jdk : jdks) {
            String tag = jdk.getFileName().toString();
            Path out = WORK.resolve("guest-" + tag);
            List<String> args = new ArrayList<>(List.of(
                    "--out",
                    out.toString(),
                    "--mem",
                    "1024M",
                    "--timeout",
                    "420",
                    "--no-abi",
                    "--jdk",
                    jdk.toString(),
                    "--classpath",
                    classes + File.pathSeparator + jna,
                    "--main",
                    MAIN,
                    "--java-opts",
                    JAVA_OPTS));
            args.addAll(modArgs);
            long t0 = System.nanoTime();
            Scripts.Result boot = Scripts.run(
                    WORK.resolve("logs/boot-" + tag + ".log"), 600, "boot-guest.sh", args.toArray(String[]::new));
            double wall = (System.nanoTime() - t0) / 1e9;
            Path resultsFile = out.resolve("results.txt");
            if (!Files.exists(resultsFile)) {
                problems.add(tag + ": no results (" + Scripts.lastLine(boot.output()) + ")");
                continue;
            }
            Run r = Run.parse(Files.readString(resultsFile, StandardCharsets.UTF_8));
            String timing = Files.exists(out.resolve("timing.txt")) ? Files.readString(out.resolve("timing.txt")) : "";
            Matcher q = QEMU_S.matcher(timing);
            String qemuS = q.find() ? q.group(1) : "?";
            for (String f : r.failures) {
                problems.add(tag + " " + f);
            }
            String console = Files.exists(out.resolve("serial.log"))
                    ? Files.readString(out.resolve("serial.log"), StandardCharsets.ISO_8859_1)
                    : "";
            for (String line : console.split("\n")) {
                if (line.startsWith("WARNING: ") || line.contains("VM warning")) {
                    problems.add(tag + " JVM warning on the console: " + line.strip());
                }
            }
            if (r.summaries != MODULES.size()) {
                problems.add(tag + ": " + r.summaries + " JAVA SUMMARY lines, want " + MODULES.size() + " (serial log "
                        + out.resolve("serial.log") + ")");
            }
            if (r.failed != 0) {
                problems.add(tag + ": " + r.failed + " Java checks failed");
            }
            if (!r.finalResult.contains("status=pass")) {
                problems.add(tag + " guest verdict: "
                        + (r.finalResult.isEmpty() ? Scripts.lastLine(boot.output()) : r.finalResult) + " (serial log "
                        + out.resolve("serial.log") + ")");
            }
            StringBuilder jvm = new StringBuilder();
            r.jvmSeconds.forEach((m, s) -> jvm.append(String.format(" %s %.1f s,", m, s)));
            figures.add(String.format(
                    "%s: boot %.1f s wall (qemu %s s, guest /init at %.1f s), %d checks passed, %d failed;"
                            + " JVM runs:%s verdict %s",
                    tag,
                    wall,
                    qemuS,
                    r.initUptime,
                    r.passed,
                    r.failed,
                    jvm.length() == 0 ? " none," : jvm.toString(),
                    r.finalResult.contains("status=pass") ? "pass" : "FAIL"));
        }
        long total = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.println("java-guest: compiled bindings + guest program in " + compileMs + " ms, built "
                + MODULES.size() + " modules in " + buildMs + " ms");
        figures.forEach(f -> System.out.println("java-guest: " + f));
        problems.forEach(p -> System.out.println("java-guest: PROBLEM " + p));
        System.out.println("java-guest: " + jdks.size() + " JDK(s), " + total + " s wall");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** javac --release 17 -Xlint:all -Werror: the bindings of MODULES and guest-java. */
    static void compile(Path classes, String jna) throws IOException {
        if (Files.exists(classes)) {
            try (Stream<Path> s = Files.walk(classes)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(classes);
        List<File> sources = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        MODULES.forEach(m -> roots.add(CommittedOutput.dir(m).resolve("java")));
        roots.add(CommittedOutput.BINDINGS_RUNTIME_SOURCES);
        roots.add(Path.of("..", "prove", "guest-java"));
        for (Path root : roots) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> sources.add(p.toFile()));
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(
                            null,
                            fm,
                            diags,
                            List.of("--release", "17", "-Xlint:all", "-Werror", "-cp", jna, "-d", classes.toString()),
                            null,
                            fm.getJavaFileObjectsFromFiles(sources))
                    .call();
            List<String> problems = diags.getDiagnostics().stream()
                    .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                    .map(Object::toString)
                    .toList();
            assertEquals(List.of(), problems, "javac");
            assertTrue(ok, "javac failed");
        }
    }

    /** The Java-related {@code @@CENSPEC} lines of one boot. */
    static final class Run {
        int passed;
        int failed;
        int summaries;
        double initUptime;
        final List<String> failures = new ArrayList<>();
        final Map<String, Double> jvmSeconds = new LinkedHashMap<>();
        String finalResult = "";

        static Run parse(String results) {
            Run r = new Run();
            for (String raw : results.split("\n")) {
                String line = raw.strip();
                Matcher m = SUMMARY.matcher(line);
                if (m.find()) {
                    r.summaries++;
                    r.passed += Integer.parseInt(m.group(1));
                    r.failed += Integer.parseInt(m.group(2));
                    continue;
                }
                m = EXIT.matcher(line);
                if (m.find()) {
                    r.jvmSeconds.put(m.group(1), Double.parseDouble(m.group(4)) - Double.parseDouble(m.group(3)));
                    if (!m.group(2).equals("0")) {
                        r.failures.add(m.group(1) + ": java exited with " + m.group(2));
                    }
                    continue;
                }
                m = BEGIN.matcher(line);
                if (m.find()) {
                    r.initUptime = Double.parseDouble(m.group(1));
                    continue;
                }
                if (line.startsWith("@@CENSPEC JAVA FAIL ") || line.startsWith("@@CENSPEC JAVA SETUP ERROR")) {
                    r.failures.add(line);
                }
                if (line.startsWith("@@CENSPEC RESULT status=")) {
                    r.finalResult = line;
                }
            }
            return r;
        }
    }
}
