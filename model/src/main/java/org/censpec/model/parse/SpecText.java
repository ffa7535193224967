package org.censpec.model.parse;

import java.util.Optional;

/**
 * The one place text from outside (a devicetree's node names and strings, a file name) becomes
 * spec text: a {@code //} comment that nothing can end early, or a string literal when the
 * language can hold it. A spec string has no escapes: it ends at {@code "} and may not span a
 * line, and the reader refuses a NUL byte.
 */
public final class SpecText {
    private SpecText() {}

    /**
     * Text for after {@code //}: a line break (CR, LF, or the Unicode line and paragraph
     * separators an editor may break at), any other control character and a bidi override are
     * written as {@code \xNN} or a backslash, u and four hex digits, so the comment ends where the writer ends it.
     */
    public static String comment(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (c == 0x2028 || c == 0x2029 || Printable.isBidiControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code "s"}, or empty when {@code s} cannot be a spec string (a quote, a line break, NUL, a control character). */
    public static Optional<String> string(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"'
                    || c < 0x20
                    || c == 0x7f
                    || c >= 0x80 && c < 0xa0
                    || c == 0x2028
                    || c == 0x2029
                    || Printable.isBidiControl(c)) {
                return Optional.empty();
            }
        }
        return Optional.of("\"" + s + "\"");
    }
}
