package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.censpec.grammar.CenLexer;
import org.censpec.tools.fmt.SpecFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code censpec fmt}: idempotent, keeps every token and comment, and --check for CI. */
class FmtTest {
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    @TempDir
    Path tmp;

    private static List<String> tokens(String text) {
        CenLexer lexer = new CenLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<String> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            out.add(t.getText());
        }
        return out;
    }

    private static List<String> comments(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = COMMENT.matcher(text);
        while (m.find()) {
            out.add(m.group().stripTrailing());
        }
        return out;
    }

    private static List<Path> allExamples() throws IOException {
        List<Path> all = new ArrayList<>(Examples.good());
        all.addAll(Examples.broken());
        try (Stream<Path> docs = Files.list(Path.of("..", "generated-driver", "src", "test", "resources", "specs"))) {
            docs.filter(p -> p.toString().endsWith(".cen")).forEach(all::add);
        }
        return all;
    }

    @Test
    void idempotentAndLosslessOnEveryExample() throws IOException {
        int formatted = 0;
        for (Path p : allExamples()) {
            byte[] bytes = Files.readAllBytes(p);
            String text = new String(bytes, StandardCharsets.UTF_8);
            Run r = Run.of("fmt", "--check", p.toString());
            if (r.exit() == 2) {
                // only the two broken examples that do not lex or decode
                assertTrue(p.getFileName().toString().matches("spec\\.(syntax|encoding)\\.cen"), p + ": " + r.err());
                assertTrue(r.err().startsWith("censpec: " + p + ":"), r.err());
                continue;
            }
            String once = SpecFormatter.format(text);
            assertEquals(once, SpecFormatter.format(once), p + ": formatting twice changes the text");
            assertEquals(tokens(text), tokens(once), p + ": tokens changed");
            assertEquals(comments(text), comments(once), p + ": comments changed");
            assertEquals(once.equals(text) ? 0 : 1, r.exit(), p.toString());
            formatted++;
            // the formatted spec checks to the same findings (ids and severities)
            Path copy = tmp.resolve(p.getFileName());
            Files.writeString(copy, once);
            Run before = Run.of("check", "--engine", "direct", "--format", "json", p.toString());
            Run after = Run.of("check", "--engine", "direct", "--format", "json", copy.toString());
            assertEquals(before.exit(), after.exit(), p.toString());
            assertEquals(ids(before.out()), ids(after.out()), p.toString());
        }
        assertTrue(formatted >= 18, "formatted " + formatted);
    }

    /** CI's formatting gate: the bundled examples are already canonical. */
    @Test
    void examplesAreFmtClean() {
        List<String> args = new ArrayList<>(List.of("fmt", "--check"));
        Examples.good().forEach(p -> args.add(p.toString()));
        assertTrue(args.size() >= 2 + 3, args.toString());
        Run check = Run.of(args.toArray(String[]::new));
        assertEquals("", check.out(), "files fmt would change");
        assertEquals(0, check.exit(), check.err());
    }

    private static List<String> ids(String json) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"id\": \"([^\"]+)\", \"severity\": \"([^\"]+)\"")
                .matcher(json);
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2));
        }
        return out;
    }

    @Test
    void canonicalLayout() {
        String messy = """
                // header comment
                spec   board ;   ram 8G;
                property    contiguous;property cached; // why


                allocator cma { backend  contiguous;
                  provides contiguous ,cached;   /* inline */ below 1G; // low memory
                }
                device cam{dma_bits 30;requires contiguous;}
                share s {cam,  gpu}
                flow f on s { actor a { ready : attach cam ; wait b . go; map cam; }
                  // before b
                  actor b { go: attach gpu; }
                }
                suppress flow . attach-after-map on f "reason";
                """;
        String expected = """
                // header comment
                spec board;
                ram 8G;
                property contiguous;
                property cached; // why

                allocator cma {
                    backend contiguous;
                    provides contiguous, cached; /* inline */
                    below 1G;                    // low memory
                }
                device cam { dma_bits 30; requires contiguous; }
                share s { cam, gpu }
                flow f on s {
                    actor a { ready: attach cam; wait b.go; map cam; }
                    // before b
                    actor b { go: attach gpu; }
                }
                suppress flow.attach-after-map on f "reason";
                """;
        String got = SpecFormatter.format(messy);
        assertEquals(expected, got);
        assertEquals(got, SpecFormatter.format(got));
    }

    /** Issue 29: two block comments after a token made fmt move a comment on every run (6 of 3 406 fuzzed specs). */
    @Test
    void severalCommentsAfterATokenStayPut() {
        List<String> specs = List.of(
                "spec s; /* a */ /* b */ // c\nram 8G;\n",
                "spec s;\nproperty cached; /* a */ /* b */\nram 8G;\n",
                "spec s;\nallocator a { backend pages; /* a */ /* b */ // c\n    provides cached; }\n",
                "spec s;\ndevice cam { dma_bits 30; /* a */ /* b */ /* c */ requires contiguous; } // d\n");
        for (String text : specs) {
            String once = SpecFormatter.format(text);
            assertEquals(once, SpecFormatter.format(once), text + ": formatting twice changes the text");
            assertEquals(comments(text), comments(once), text + ": comments changed");
            assertEquals(tokens(text), tokens(once), text + ": tokens changed");
        }
    }

    @Test
    void languageAdditionsKeepTheirLine() {
        String text =
                "spec s;\nram 6G  at 1G;\nallocator cma { backend contiguous; region \"linux,cma\"; size 64M; protected; }\n"
                        + "device isp { dma_bits 32; iommu; match \"a,b\" , \"c\"; }\nshare v { isp }   max_size 12M;\nshare w { isp } max_size 4M\n";
        String expected =
                "spec s;\nram 6G at 1G;\nallocator cma { backend contiguous; region \"linux,cma\"; size 64M; protected; }\n"
                        + "device isp { dma_bits 32; iommu; match \"a,b\", \"c\"; }\nshare v { isp } max_size 12M;\nshare w { isp } max_size 4M\n";
        assertEquals(expected, SpecFormatter.format(text));
        assertEquals(expected, SpecFormatter.format(expected));
    }

    @Test
    void shareClausesAndHeapAccessKeepTheirLine() {
        String text = "spec s;\nram 1G;\nallocator a { backend pages; }\ndevice d { dma_bits 32; }\n"
                + "share v { d }  alias \"linux,cma\" ,\"reserved\"   max_size 4M;\nshare w { d } alias \"x\"\n"
                + "heap_access   group \"video\"  mode 0660 ;\n";
        String expected = "spec s;\nram 1G;\nallocator a { backend pages; }\ndevice d { dma_bits 32; }\n"
                + "share v { d } alias \"linux,cma\", \"reserved\" max_size 4M;\nshare w { d } alias \"x\"\n"
                + "heap_access group \"video\" mode 0660;\n";
        assertEquals(expected, SpecFormatter.format(text));
        assertEquals(expected, SpecFormatter.format(expected));
    }

    @Test
    void rewritesInPlaceAndCheckListsFilesThatWouldChange() throws IOException {
        Path a = tmp.resolve("a.cen");
        Path b = tmp.resolve("b.cen");
        Files.writeString(a, "spec a;  ram 1G;\n");
        Files.writeString(b, "spec b;\nram 1G;\n");
        Run check = Run.of("fmt", "--check", a.toString(), b.toString());
        assertEquals(1, check.exit());
        assertEquals(a + "\n", check.out());
        assertEquals("spec a;  ram 1G;\n", Files.readString(a), "--check writes nothing");
        assertEquals(0, Run.of("fmt", a.toString(), b.toString()).exit());
        assertEquals("spec a;\nram 1G;\n", Files.readString(a));
        assertEquals(0, Run.of("fmt", "--check", a.toString(), b.toString()).exit());
        Path bad = tmp.resolve("bad.cen");
        Files.writeString(bad, "spec x;\nram 1G\ndevice d { }\n");
        Run r = Run.of("fmt", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("censpec: " + bad + ":3:1: cannot format: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals(2, Run.of("fmt", tmp.resolve("none.cen").toString()).exit());
    }
}
