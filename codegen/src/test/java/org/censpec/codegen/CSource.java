package org.censpec.codegen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A C lexer for tests, as strict as a compiler about where strings and comments end:
 * identifiers, string literals (decoded: escapes and all), and everything else as
 * punctuation; comments are skipped, and an unterminated string or comment is an error.
 */
public final class CSource {
    public enum Kind {
        IDENTIFIER,
        STRING,
        NUMBER,
        PUNCT
    }

    public record Token(Kind kind, String text, int line) {}

    private CSource() {}

    public static List<Token> lex(String src) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c) || c == '\\' && i + 1 < src.length() && src.charAt(i + 1) == '\n') {
                i++;
            } else if (src.startsWith("//", i)) {
                i = endOfLine(src, i);
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new AssertionError("line " + line + ": unterminated comment");
                }
                line += count(src, i, end, '\n');
                i = end + 2;
            } else if (c == '"' || c == '\'') {
                int end = endOfQuoted(src, i, line);
                out.add(new Token(c == '"' ? Kind.STRING : Kind.PUNCT, src.substring(i, end), line));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < src.length() && (Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) {
                    end++;
                }
                out.add(new Token(Kind.IDENTIFIER, src.substring(i, end), line));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i;
                while (end < src.length() && Character.isLetterOrDigit(src.charAt(end))) {
                    end++;
                }
                out.add(new Token(Kind.NUMBER, src.substring(i, end), line));
                i = end;
            } else {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), line));
                i++;
            }
        }
        return out;
    }

    private static int endOfLine(String src, int i) {
        int end = src.indexOf('\n', i);
        return end < 0 ? src.length() : end;
    }

    private static int endOfQuoted(String src, int start, int line) {
        char q = src.charAt(start);
        for (int i = start + 1; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i + 1;
            } else if (c == '\n' || c < 0x20 && c != '\t' || c >= 0x7f) {
                throw new AssertionError("line " + line + ": raw character U+" + Integer.toHexString(c)
                        + " in a literal (generated C is ASCII)");
            }
        }
        throw new AssertionError("line " + line + ": unterminated literal");
    }

    private static int count(String s, int from, int to, char c) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += s.charAt(i) == c ? 1 : 0;
        }
        return n;
    }

    /** The text a C string literal holds (its bytes read as UTF-8): simple, octal and hex escapes. */
    public static String decode(String literal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String s = literal.substring(1, literal.length() - 1);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                bytes.write(c);
                continue;
            }
            char e = s.charAt(++i);
            if (e >= '0' && e <= '7') {
                int v = 0;
                int n = 0;
                while (n < 3 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                    v = v * 8 + (s.charAt(i++) - '0');
                    n++;
                }
                i--;
                bytes.write(v);
            } else {
                bytes.write(
                        switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case '\\', '"', '\'', '?' -> e;
                            default -> throw new AssertionError("escape \\" + e + " in " + literal);
                        });
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
