package org.censpec.codegen.emit;

/**
 * The one place text from a spec becomes Java source: string literals and comment text.
 * javac translates unicode escapes before it lexes, so a backslash is always doubled (an
 * escaped {@code \\u000a} is two characters, never a line break).
 */
public final class JavaText {
    private JavaText() {}

    /**
     * A Java string literal of {@code s}: printable ASCII as itself, other characters below
     * U+0100 as three-digit octal escapes, the rest as unicode escapes (none of which is a
     * character javac's first pass could turn into a quote, backslash or line break).
     */
    public static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (c < 0x100) {
                // octal, never a unicode escape: javac decodes those before it finds the string
                sb.append('\\').append(Integer.toOctalString(0x200 | c).substring(1));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Text for a {@code //} or {@code /** ... *}{@code /} comment: printable ASCII only, no
     * backslash (javac would read a unicode escape in it) and no {@code *}{@code /}.
     */
    public static String comment(String s) {
        return CText.comment(s).replace('\\', '/');
    }
}
