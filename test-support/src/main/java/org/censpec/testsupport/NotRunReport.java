package org.censpec.testsupport;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Keeps the tests that did not run in one Maven build (one file per module under
 * {@code target/censpec-not-run/} of the checkout, each line stamped with the build's id) and
 * prints them grouped by what was missing.
 */
public final class NotRunReport {
    private final Path dir;
    private final String buildId;

    public NotRunReport(Path dir, String buildId) {
        this.dir = dir;
        this.buildId = buildId;
    }

    /** Replaces what an earlier build recorded for {@code module}, keeping this build's other runs. */
    public void record(String module, List<NotRun> notRun) {
        Path file = dir.resolve(module + ".tsv");
        try {
            List<String> lines = new ArrayList<>();
            for (String[] f : read(file)) {
                if (f[0].equals(buildId)) {
                    lines.add(String.join("\t", f));
                }
            }
            notRun.forEach(n -> lines.add(n.line(buildId)));
            Files.createDirectories(dir);
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything this build recorded, in module order. */
    public List<NotRun> build() {
        List<NotRun> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                read(file).stream()
                        .filter(f -> f[0].equals(buildId))
                        .map(NotRun::parse)
                        .forEach(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<String[]> read(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length == 5) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** Prints {@code notRun} grouped by prerequisite: the tests, then each distinct reason once. */
    public static void print(PrintStream out, String title, List<NotRun> notRun) {
        if (notRun.isEmpty()) {
            out.println("censpec: " + title + ": no test skipped");
            return;
        }
        out.println("censpec: " + title + ": " + notRun.size() + " not run, by what was missing:");
        Map<String, List<NotRun>> byGroup = new TreeMap<>();
        notRun.forEach(
                n -> byGroup.computeIfAbsent(n.group(), g -> new ArrayList<>()).add(n));
        for (Map.Entry<String, List<NotRun>> e : byGroup.entrySet()) {
            List<String> tests =
                    e.getValue().stream().map(n -> n.module() + ":" + n.test()).toList();
            out.println("censpec:   " + e.getKey() + ": " + String.join(", ", tests));
            e.getValue().stream().map(NotRun::reason).distinct().forEach(r -> out.println("censpec:     " + r));
        }
        out.println("censpec: ./run-tests installs every prerequisite and fails rather than skips (" + "-D"
                + Gate.REQUIRE_PROPERTY + "=true)");
    }
}
