package org.censpec.tools.fmt;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.censpec.grammar.CenLexer;

/**
 * The canonical layout of a spec: one declaration or block item per line, blocks indented
 * by four spaces, one space between words, {@code a, b} lists, {@code x.y} waits and ids,
 * at most one blank line kept where the author left one, every comment kept (own-line
 * comments at the indentation of what follows, trailing comments aligned across a run of
 * lines). A block written on one line without comments stays on one line if it fits in
 * {@value #WIDTH} columns; share lists always stay on one line unless they hold comments.
 * Formatting is idempotent. It works on the lexer's tokens and the text between them,
 * which holds only whitespace and comments; callers format only text that parses.
 */
public final class SpecFormatter {
    static final int WIDTH = 100;
    private static final String INDENT = "    ";

    /** A comment in the text between two tokens. */
    private record Comment(String text, boolean trailing, boolean blankBefore, boolean line) {}

    /** A token with the comments before it and whether a blank line precedes it. */
    private record Tok(String text, int line, List<Comment> before, boolean blankBefore) {}

    private final List<Tok> toks = new ArrayList<>();
    private final List<String[]> lines = new ArrayList<>(); // [indent+code, trailing comment or null]
    private int depth;
    private int pos;

    private SpecFormatter(String text) {
        CharStream cs = CharStreams.fromString(text);
        CenLexer lexer = new CenLexer(cs);
        lexer.removeErrorListeners();
        int prevEnd = 0;
        int prevLine = 0;
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            int start = t.getType() == Token.EOF ? cs.size() : t.getStartIndex();
            String gap = start > prevEnd ? cs.getText(Interval.of(prevEnd, start - 1)) : "";
            List<Comment> comments = new ArrayList<>();
            boolean blank = scanGap(gap, prevLine > 0, comments);
            toks.add(new Tok(t.getType() == Token.EOF ? "" : t.getText(), t.getLine(), comments, blank));
            if (t.getType() == Token.EOF) {
                break;
            }
            prevEnd = t.getStopIndex() + 1;
            prevLine = t.getLine();
        }
    }

    /** Splits whitespace-and-comments text into comments; returns whether a blank line ends it. */
    private static boolean scanGap(String gap, boolean afterToken, List<Comment> out) {
        int newlines = 0;
        boolean seenNewline = !afterToken;
        int i = 0;
        while (i < gap.length()) {
            char c = gap.charAt(i);
            if (c == '\n') {
                newlines++;
                seenNewline = true;
                i++;
            } else if (gap.startsWith("//", i)) {
                int end = gap.indexOf('\n', i);
                end = end < 0 ? gap.length() : end;
                out.add(new Comment(gap.substring(i, end).stripTrailing(), !seenNewline, newlines >= 2, true));
                newlines = 0;
                i = end;
            } else if (gap.startsWith("/*", i)) {
                int end = gap.indexOf("*/", i + 2) + 2;
                String text = gap.substring(i, end);
                out.add(new Comment(text, !seenNewline, newlines >= 2, false));
                newlines = 0;
                i = end;
            } else {
                i++;
            }
        }
        return newlines >= 2;
    }

    /** The canonical layout of {@code text} (which must lex and parse). */
    public static String format(String text) {
        SpecFormatter f = new SpecFormatter(text);
        f.statements(false);
        f.flushComments(f.toks.get(f.toks.size() - 1), true);
        return f.render();
    }

    // ---- statements ----

    /** Statements until EOF, or until the closing brace of the current block. */
    private void statements(boolean inBlock) {
        boolean first = true;
        while (!toks.get(pos).text().isEmpty()) {
            Tok t = toks.get(pos);
            if (inBlock && t.text().equals("}")) {
                return;
            }
            flushComments(t, !first);
            first = false;
            statement();
        }
    }

    /** One statement: words up to `;`, or a header and its `{ ... }` block. */
    private void statement() {
        StringBuilder code = new StringBuilder();
        boolean share = toks.get(pos).text().equals("share");
        String prev = null;
        while (true) {
            Tok t = toks.get(pos);
            if (t.text().isEmpty() || t.text().equals("}") && depth > 0 && !code.isEmpty()) {
                emit(code.toString(), null);
                return;
            }
            if (prev != null) {
                inlineComments(t, code);
            }
            if (t.text().equals("{")) {
                int close = matching(pos);
                if (share ? !hasComments(pos, close) : inlineBlock(pos, close, code.length())) {
                    code.append(code.length() == 0 ? "" : " ").append(inline(pos, close));
                    pos = close + 1;
                    if (share) {
                        shareClauses(code);
                    }
                    emit(code.toString(), trailing());
                    return;
                }
                code.append(" {");
                pos++;
                emit(code.toString(), trailing());
                depth++;
                statements(true);
                Tok closing = toks.get(pos);
                flushComments(closing, true);
                depth--;
                pos++;
                emit("}", trailing());
                return;
            }
            appendWord(code, prev, t.text());
            prev = t.text();
            pos++;
            if (t.text().equals(";")) {
                emit(code.toString(), trailing());
                return;
            }
        }
    }

    /**
     * A share's clauses ({@code max_size SIZE}, {@code alias "NAME", ...}) and its {@code ;} stay on
     * the share's line, unless a comment stands between.
     */
    private void shareClauses(StringBuilder code) {
        boolean any = false;
        while (clauseWord() && sameLine()) {
            code.append(' ').append(toks.get(pos).text());
            pos++;
            while (sameLine()
                    && !toks.get(pos).text().isEmpty()
                    && !clauseWord()
                    && !toks.get(pos).text().equals(";")
                    && clauseArgument()) {
                appendWord(code, "", toks.get(pos).text());
                pos++;
            }
            any = true;
        }
        if (any && sameLine() && toks.get(pos).text().equals(";")) {
            code.append(';');
            pos++;
        }
    }

    private boolean clauseWord() {
        String w = toks.get(pos).text();
        return w.equals("max_size") || w.equals("alias");
    }

    /** A size, a string or the comma between strings. */
    private boolean clauseArgument() {
        String w = toks.get(pos).text();
        return Character.isDigit(w.charAt(0)) || w.startsWith("\"") || w.equals(",");
    }

    private boolean sameLine() {
        return toks.get(pos).before().isEmpty();
    }

    /** Comments inside a statement: block comments stay inline, a line comment breaks the line. */
    private void inlineComments(Tok t, StringBuilder code) {
        for (Comment c : t.before()) {
            if (c.line()) {
                emit(code.toString(), c.text());
                code.setLength(0);
                code.append(INDENT);
            } else {
                code.append(' ').append(c.text());
            }
        }
    }

    private static void appendWord(StringBuilder code, String prev, String w) {
        boolean noSpace = prev == null
                || code.length() == 0
                || code.toString().endsWith(INDENT) && code.toString().isBlank()
                || w.equals(";")
                || w.equals(",")
                || w.equals(".")
                || w.equals(":")
                || w.equals("-")
                || prev.equals(".")
                || prev.equals("-");
        if (!noSpace) {
            code.append(' ');
        }
        code.append(w);
    }

    private int matching(int open) {
        int d = 0;
        for (int i = open; i < toks.size(); i++) {
            String s = toks.get(i).text();
            if (s.equals("{")) {
                d++;
            } else if (s.equals("}") && --d == 0) {
                return i;
            } else if (s.isEmpty()) {
                return i - 1;
            }
        }
        return toks.size() - 1;
    }

    private boolean hasComments(int open, int close) {
        for (int i = open + 1; i <= close; i++) {
            if (!toks.get(i).before().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the block [open, close] was written on one line, has no comments, and fits. */
    private boolean inlineBlock(int open, int close, int headerLength) {
        if (toks.get(open).line() != toks.get(close).line() || hasComments(open, close)) {
            return false;
        }
        return INDENT.length() * depth + headerLength + 1 + inline(open, close).length() <= WIDTH;
    }

    /** {@code { a; b; }} or {@code { a, b }} on one line (the block has no comments). */
    private String inline(int open, int close) {
        StringBuilder b = new StringBuilder("{");
        String prev = null;
        for (int i = open + 1; i < close; i++) {
            Tok t = toks.get(i);
            String w = t.text();
            boolean space = prev == null
                    || !(w.equals(";")
                            || w.equals(",")
                            || w.equals(".")
                            || w.equals(":")
                            || w.equals("-")
                            || prev.equals(".")
                            || prev.equals("-"));
            b.append(space ? " " : "").append(w);
            prev = w;
        }
        return b.append(prev == null ? "}" : " }").toString();
    }

    /**
     * The trailing comments right after the statement just read (same line), joined: all of
     * them stay on that line, so a second run reads the same line back (two block comments
     * after a token made fmt move the second, then the line comment after it, on each run).
     */
    private String trailing() {
        Tok next = toks.get(pos);
        List<Comment> before = next.before();
        StringBuilder joined = null;
        while (!before.isEmpty() && before.get(0).trailing()) {
            Comment c = before.remove(0);
            joined = joined == null
                    ? new StringBuilder(c.text())
                    : joined.append(' ').append(c.text());
        }
        return joined == null ? null : joined.toString();
    }

    /** Own-line comments before {@code t}, at the current depth; blank lines kept (at most one). */
    private void flushComments(Tok t, boolean allowBlank) {
        List<Comment> before = t.before();
        boolean attached = false;
        for (Comment c : List.copyOf(before)) {
            if (c.trailing() && !lines.isEmpty() && (lines.get(lines.size() - 1)[1] == null || attached)) {
                String[] last = lines.get(lines.size() - 1);
                last[1] = last[1] == null ? c.text() : last[1] + " " + c.text();
                attached = true;
                continue;
            }
            attached = false;
            if (c.blankBefore() && allowBlank) {
                blank();
            }
            emit(c.text(), null);
            allowBlank = true;
        }
        before.clear();
        if (t.blankBefore() && allowBlank && !t.text().equals("}") && !t.text().isEmpty()) {
            blank();
        }
    }

    // ---- output ----

    private void emit(String code, String comment) {
        String c = code.strip();
        if (c.isEmpty() && comment == null) {
            return;
        }
        String indent = INDENT.repeat(depth) + (code.startsWith(INDENT) && !code.isBlank() ? INDENT : "");
        if (c.isEmpty()) {
            lines.add(new String[] {indent + comment, null});
        } else {
            lines.add(new String[] {indent + c, comment});
        }
    }

    private void blank() {
        if (!lines.isEmpty() && !lines.get(lines.size() - 1)[0].isEmpty()) {
            lines.add(new String[] {"", null});
        }
    }

    /** Lines; trailing comments of consecutive lines aligned one space after the longest code. */
    private String render() {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i)[1] == null) {
                out.append(lines.get(i)[0]).append('\n');
                i++;
                continue;
            }
            int j = i;
            int width = 0;
            while (j < lines.size() && lines.get(j)[1] != null) {
                width = Math.max(width, lines.get(j)[0].length());
                j++;
            }
            for (int k = i; k < j; k++) {
                String code = lines.get(k)[0];
                out.append(code)
                        .append(" ".repeat(width - code.length() + 1))
                        .append(lines.get(k)[1])
                        .append('\n');
            }
            i = j;
        }
        String s = out.toString();
        while (s.startsWith("\n")) {
            s = s.substring(1);
        }
        while (s.endsWith("\n\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
