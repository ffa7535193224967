package org.censpec.tools.dt;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.parse.SpecText;

/**
 * The lines of a spec being written: code with a trailing comment, comments, blank lines. Every
 * comment goes through {@link SpecText#comment}, so text from the devicetree (node names,
 * strings) cannot end a comment early and become spec text.
 */
final class SpecLines {
    private final List<String> lines = new ArrayList<>();

    /** A line of code and the comment saying where it comes from. */
    void line(String code, String comment) {
        lines.add(code + " // " + SpecText.comment(comment));
    }

    /** A comment line; text starting with four spaces is indented as a block item. */
    void comment(String text) {
        String indent = text.startsWith("    ") ? "    " : "";
        lines.add(indent + "// " + SpecText.comment(text.substring(indent.length())));
    }

    /** A commented-out line of code with its comment ({@code // code // comment}), both escaped. */
    void commentedOut(String code, String comment) {
        lines.add("// " + SpecText.comment(code) + (comment == null ? "" : " // " + SpecText.comment(comment)));
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
