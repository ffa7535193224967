package org.censpec.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The bundled example specs and the findings each broken one declares it must give. */
final class Examples {
    static final Path ROOT = Path.of("..", "examples");
    private static final Pattern EXPECT =
            Pattern.compile("^// expect: (error|warning) (\\S+) (\\d+:\\d+)$", Pattern.MULTILINE);
    private static final Pattern REPORTED =
            Pattern.compile("^[^\\n]*?:(\\d+:\\d+): (error|warning)\\[([^\\]]+)\\]", Pattern.MULTILINE);

    private Examples() {}

    static List<Path> good() {
        return list(ROOT);
    }

    static List<Path> broken() {
        return list(ROOT.resolve("broken"));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".cen")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "severity id line:col" for every {@code // expect:} line of a spec. */
    static TreeSet<String> expected(Path spec) throws IOException {
        String text = new String(Files.readAllBytes(spec), StandardCharsets.ISO_8859_1);
        TreeSet<String> out = new TreeSet<>();
        Matcher m = EXPECT.matcher(text);
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        }
        return out;
    }

    /** "severity id line:col" for every finding in text output. */
    static TreeSet<String> reported(String textOutput) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = REPORTED.matcher(textOutput);
        while (m.find()) {
            out.add(m.group(2) + " " + m.group(3) + " " + m.group(1));
        }
        return out;
    }
}
