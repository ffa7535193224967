package org.censpec.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A validation event in the manner of Smithy's: a stable id, a severity, where, and a
 * message; flow findings also carry the interleaving that shows them.
 */
public record Finding(String id, Severity severity, SourceLocation loc, String message, List<TraceStep> trace,
        Optional<String> suppression) {

    /** Output order: file, line, column, then id and message so the order is total. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::loc)
            .thenComparing(Finding::id)
            .thenComparing(Finding::message);

    public Finding {
        trace = List.copyOf(trace);
    }

    /** A finding that is not suppressed. */
    public Finding(String id, Severity severity, SourceLocation loc, String message, List<TraceStep> trace) {
        this(id, severity, loc, message, trace, Optional.empty());
    }

    /** This finding, kept but suppressed for {@code reason}. */
    public Finding suppressed(String reason) {
        return new Finding(id, severity, loc, message, trace, Optional.of(reason));
    }

    public boolean isSuppressed() {
        return suppression.isPresent();
    }

    /** An error that is not suppressed: it fails the check. */
    public boolean fails() {
        return isError() && !isSuppressed();
    }

    /** A warning that is not suppressed. */
    public boolean warns() {
        return !isError() && !isSuppressed();
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
