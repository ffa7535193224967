package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.censpec.grammar.CenLexer;
import org.junit.jupiter.api.Test;

/**
 * editors/textmate/cen.tmLanguage.json tokenizes every example: every token the censpec
 * lexer sees gets a scope of its own (never the bare file scope, never invalid), every
 * comment is a comment, and the scopes say what the words are.
 */
class TextMateGrammarTest {
    private static final Path GRAMMAR = Path.of("..", "editors", "textmate", "cen.tmLanguage.json");

    private static TextMateTokenizer tokenizer() throws IOException {
        return new TextMateTokenizer(Files.readString(GRAMMAR));
    }

    private static String scopeAt(List<String[]> scopes, int line, int column) {
        return scopes.get(line - 1)[column - 1];
    }

    @Test
    void everyTokenOfEveryExampleHasItsScope() throws IOException {
        TextMateTokenizer tm = tokenizer();
        assertEquals("source.cen", tm.scopeName());
        List<Path> all = new ArrayList<>(Examples.good());
        all.addAll(Examples.broken());
        int checked = 0;
        for (Path p : all) {
            if (p.getFileName().toString().equals("spec.encoding.cen")) {
                continue; // not UTF-8 text
            }
            String text = Files.readString(p, StandardCharsets.UTF_8);
            List<String[]> scopes = tm.tokenize(text);
            CenLexer lexer = new CenLexer(CharStreams.fromString(text));
            lexer.removeErrorListeners();
            for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
                for (int i = 0; i < t.getText().length(); i++) {
                    String s = scopeAt(scopes, t.getLine(), t.getCharPositionInLine() + 1 + i);
                    String where =
                            p + ":" + t.getLine() + ":" + (t.getCharPositionInLine() + 1) + " '" + t.getText() + "'";
                    assertNotNull(s, where);
                    if (t.getType() == CenLexer.ERROR_CHAR) {
                        assertTrue(s.startsWith("invalid."), where + ": " + s);
                    } else {
                        assertTrue(
                                !s.equals("source.cen") && !s.startsWith("invalid.") && !s.startsWith("comment."),
                                where + ": " + s);
                    }
                    checked++;
                }
            }
            Matcher c = Pattern.compile("//[^\\n]*").matcher(text);
            while (c.find()) {
                int line = (int) text.substring(0, c.start())
                                .chars()
                                .filter(ch -> ch == '\n')
                                .count()
                        + 1;
                int col = c.start() - text.lastIndexOf('\n', c.start() - 1);
                for (int i = 0; i < c.group().length(); i++) {
                    assertEquals(
                            "comment.line.double-slash.cen",
                            scopeAt(scopes, line, col + i),
                            p + ":" + line + ":" + col);
                }
            }
        }
        assertTrue(checked > 5000, "checked " + checked + " characters");
    }

    @Test
    void scopesSayWhatTheWordsAre() throws IOException {
        String text = """
                spec s; /* block
                comment */ ram 8G;
                allocator cma { backend contiguous; below 1G; }
                device attach { dma_bits 30; requires contiguous; }
                share preview { attach }
                flow f on preview { actor a { ready: attach attach; wait b.go; map attach; } }
                suppress flow.attach-after-map on f "reason";
                include "common.cen";
                """;
        List<String[]> s = tokenizer().tokenize(text);
        assertEquals("entity.name.type.cen", scopeAt(s, 1, 6));
        assertEquals("comment.block.cen", scopeAt(s, 2, 1));
        assertEquals("storage.type.declaration.cen", scopeAt(s, 2, 12));
        assertEquals("constant.numeric.size.cen", scopeAt(s, 2, 16));
        assertEquals("support.constant.backend.cen", scopeAt(s, 3, 25));
        assertEquals("entity.name.type.cen", scopeAt(s, 4, 8), "keywords may be names");
        assertEquals("keyword.other.item.cen", scopeAt(s, 4, 17));
        assertEquals("entity.name.label.cen", scopeAt(s, 6, 31));
        assertEquals("keyword.control.step.cen", scopeAt(s, 6, 38));
        assertEquals("variable.other.device.cen", scopeAt(s, 6, 45));
        assertEquals("variable.other.actor.cen", scopeAt(s, 6, 58));
        assertEquals("constant.other.finding-id.cen", scopeAt(s, 7, 15));
        assertEquals("string.quoted.double.cen", scopeAt(s, 7, 40));
        assertEquals("keyword.control.import.cen", scopeAt(s, 8, 1));
    }
}
