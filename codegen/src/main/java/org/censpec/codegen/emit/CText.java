package org.censpec.codegen.emit;

import java.nio.charset.StandardCharsets;

/**
 * The one place text from a spec (names, {@code match} and {@code region} strings, the spec
 * file's name) becomes C source: a string literal that holds exactly those bytes, or comment
 * text that cannot end its comment. Nothing else in the kernel templates quotes or comments
 * spec text.
 */
public final class CText {
    private CText() {}

    /**
     * A C string literal of {@code s}'s UTF-8 bytes: printable ASCII as itself, except
     * {@code "}, {@code \} and {@code ?} (no trigraph, no escape of our own making); every
     * other byte as a three-digit octal escape, which never runs into the next character.
     */
    public static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\' || c == '?') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append('\\')
                        .append((char) ('0' + (c >> 6)))
                        .append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Text for inside a {@code /* ... *}{@code /} comment: printable ASCII only (anything else,
     * line breaks included, is {@code ?}), and no {@code *}{@code /} or {@code /*} (written
     * {@code * /} and {@code / *}), so it can neither end the comment nor open a nested one
     * that compilers warn about.
     */
    public static String comment(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char prev = sb.length() == 0 ? 0 : sb.charAt(sb.length() - 1);
            if (c < 0x20 || c >= 0x7f) {
                sb.append('?');
            } else if ((c == '/' && prev == '*') || (c == '*' && prev == '/')) {
                sb.append(' ').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
