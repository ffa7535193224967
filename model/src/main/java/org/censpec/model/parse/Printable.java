package org.censpec.model.parse;

/**
 * Shortens and escapes text quoted from a spec so that a message stays one short line, and
 * makes any text safe for a terminal ({@link #terminal}).
 */
public final class Printable {
    private static final int MAX = 40;

    private Printable() {}

    public static String quote(String text) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(text.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\r') {
                sb.append("\\r");
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > MAX) {
            sb.append("...(").append(text.length()).append(" chars)");
        }
        return "'" + sb + "'";
    }

    /**
     * Text as a terminal should get it: line feeds and tabs kept, every other control character
     * (C0, DEL, C1: escape sequences, carriage returns that overwrite a line), the bidi controls
     * and the Unicode line separators (they reorder or break what a reader sees) written as a
     * backslash, u and four hex digits (in a JSON string that is the same character), an
     * unpaired surrogate as {@code ?}. The one escaping point for everything censpec prints and
     * every report it writes.
     */
    public static String terminal(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = escape(c);
            if (replacement == null && Character.isSurrogate(c) && !paired(text, i)) {
                replacement = "?";
            }
            if (replacement == null) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            sb.append(replacement);
        }
        return sb == null ? text : sb.toString();
    }

    /** The terminal escape of one character, or null when it is printed as it is. */
    public static String escape(char c) {
        if (c == '\n' || c == '\t') {
            return null;
        }
        if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0x2028 || c == 0x2029 || isBidiControl(c)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    private static boolean paired(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    /** The bidi formatting characters (embeddings, overrides, isolates, marks) that reorder displayed text. */
    public static boolean isBidiControl(char c) {
        return c == 0x061c || c == 0x200e || c == 0x200f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }
}
