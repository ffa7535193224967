package org.censpec.model;

import java.util.Comparator;
import java.util.List;

/**
 * A validation event in the manner of Smithy's: a stable id, a severity, where, and a
 * message; flow findings also carry the interleaving that shows them.
 */
public record Finding(String id, Severity severity, SourceLocation loc, String message, List<TraceStep> trace) {

    /** Output order: file, line, column, then id and message so the order is total. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::loc)
            .thenComparing(Finding::id)
            .thenComparing(Finding::message);

    public Finding {
        trace = List.copyOf(trace);
    }

    public static Finding error(String id, SourceLocation loc, String message) {
        return new Finding(id, Severity.ERROR, loc, message, List.of());
    }

    public static Finding warning(String id, SourceLocation loc, String message) {
        return new Finding(id, Severity.WARNING, loc, message, List.of());
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
