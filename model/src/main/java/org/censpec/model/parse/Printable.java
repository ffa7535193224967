package org.censpec.model.parse;

/** Shortens and escapes text quoted from a spec so that a message stays one short line. */
public final class Printable {
    private static final int MAX = 40;

    private Printable() {
    }

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
}
