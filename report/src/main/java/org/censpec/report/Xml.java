package org.censpec.report;

import org.censpec.model.parse.Printable;

/**
 * XML text escaping for attribute values and character data (JUnit, SVG): markup characters as
 * entities, the control and bidi characters XML allows but a reader would be misled by written
 * visibly ({@link Printable#escape}), a character XML 1.0 forbids as U+FFFD.
 */
public final class Xml {
    private Xml() {}

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\n' -> sb.append("&#10;");
                case '\t' -> sb.append("&#9;");
                case '\r' -> sb.append("&#13;");
                default -> {
                    String visible = c < 0x10000 ? Printable.escape((char) c) : null;
                    if (visible != null) {
                        sb.append(visible);
                        continue;
                    }
                    boolean allowed = (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)
                            || (c >= 0x10000 && c <= 0x10FFFF);
                    sb.append(allowed ? new String(Character.toChars(c)) : "\uFFFD");
                }
            }
        }
        return sb.toString();
    }

    /** Character data: like {@link #escape} but keeps line breaks and tabs literal. */
    public static String text(String s) {
        return escape(s)
                .replace("&#10;", "\n")
                .replace("&#9;", "\t")
                .replace("&quot;", "\"")
                .replace("&apos;", "'");
    }
}
