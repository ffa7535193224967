package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.censpec.model.rules.RuleCatalog;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ stay honest: the finding tables of docs/cli.md are the rule catalog, every
 * relative link (and its #anchor) resolves, every command docs/cli.md lists exists, and the
 * README stays a five-minute read without dated measurements.
 */
class DocsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(p + ": " + e.getMessage(), e);
        }
    }

    static List<Path> pages() throws IOException {
        List<Path> out = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    @Test
    void theFindingTablesAreTheRuleCatalogWithItsSeverities() {
        String cli = read(ROOT.resolve("docs/cli.md"));
        Matcher m = Pattern.compile("^\\| `([a-z]+\\.[a-z-]+)` \\| (error|warning) \\|", Pattern.MULTILINE)
                .matcher(cli);
        List<String> documented = new ArrayList<>();
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        List<String> catalog = RuleCatalog.all().stream()
                .map(r -> r.id() + " " + r.severity().label())
                .toList();
        assertEquals(catalog, documented);
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = FENCE.matcher(read(page)).replaceAll("");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved =
                        file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    private static Set<String> anchors(Path page) {
        Set<String> out = new TreeSet<>();
        Matcher m = HEADING.matcher(FENCE.matcher(read(page)).replaceAll(""));
        while (m.find()) {
            out.add(anchor(m.group(1)));
        }
        return out;
    }

    @Test
    void everyCommandTheReferenceListsExists() {
        String cli = read(ROOT.resolve("docs/cli.md"));
        Matcher m =
                Pattern.compile("^## `censpec ([a-z-]+)`", Pattern.MULTILINE).matcher(cli);
        List<String> commands = new ArrayList<>();
        while (m.find()) {
            commands.add(m.group(1));
        }
        assertEquals(List.of("check", "generate", "replay", "prove", "import-dt", "fmt", "lsp"), commands);
        for (String c : List.of("check", "generate", "alloy", "replay", "prove", "import-dt", "fmt", "lsp")) {
            Run r = Run.of(c, "--help");
            assertEquals(0, r.exit(), c + ": " + r.err());
            assertTrue(cli.contains("censpec " + c), c);
        }
    }

    @Test
    void theReadmeIsAFiveMinuteReadWithoutDatedFigures() {
        String readme = read(ROOT.resolve("README.md"));
        long lines = readme.lines().count();
        assertTrue(lines <= 250, "README.md has " + lines + " lines; details belong in docs/");
        Matcher dated = Pattern.compile("\\b20\\d\\d-\\d\\d-\\d\\d\\b").matcher(readme);
        if (dated.find()) {
            fail("a dated measurement in the README (it belongs in docs/): " + dated.group());
        }
        assertTrue(readme.contains("./censpec generate examples/rpi4_camera.cen -o build/rpi4_camera"));
        assertTrue(readme.contains("\n./run-tests\n"));
    }
}
