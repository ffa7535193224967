package org.censpec.model;

/** A position in a spec file: 1-based line, 1-based column. */
public record SourceLocation(String file, int line, int column) implements Comparable<SourceLocation> {

    @Override
    public int compareTo(SourceLocation o) {
        int c = file.compareTo(o.file);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
