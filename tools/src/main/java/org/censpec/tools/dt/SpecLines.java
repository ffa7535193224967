package org.censpec.tools.dt;

import java.util.ArrayList;
import java.util.List;

/** The lines of a spec being written: code with a trailing comment, comments, blank lines. */
final class SpecLines {
    private final List<String> lines = new ArrayList<>();

    /** A line of code and the comment saying where it comes from. */
    void line(String code, String comment) {
        lines.add(code + " // " + comment.replace('\n', ' '));
    }

    /** A comment line; text starting with four spaces is indented as a block item. */
    void comment(String text) {
        String indent = text.startsWith("    ") ? "    " : "";
        lines.add(indent + "// " + text.substring(indent.length()).replace('\n', ' '));
    }

    /** A line exactly as given (already a comment, e.g. a commented-out device). */
    void raw(String text) {
        lines.add(text);
    }

    void blank() {
        if (!lines.isEmpty() && !lines.get(lines.size() - 1).isEmpty()) {
            lines.add("");
        }
    }

    int size() {
        return lines.size();
    }

    void insert(int at, List<String> more) {
        lines.addAll(at, more);
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }
}
