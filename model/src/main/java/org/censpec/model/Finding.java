package org.censpec.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A validation event in the manner of Smithy's: the {@link Rule} it breaks, a severity, where,
 * what it is about (its {@link Subject}), a message and fixes; flow findings also carry the
 * interleaving that shows them.
 */
public record Finding(
        Rule rule,
        Severity severity,
        SourceLocation loc,
        String message,
        List<TraceStep> trace,
        Optional<String> suppression,
        Subject subject,
        List<Fix> fixes) {

    /** Output order: file, line, column, then id and message so the order is total. */
    public static final Comparator<Finding> ORDER =
            Comparator.comparing(Finding::loc).thenComparing(Finding::id).thenComparing(Finding::message);

    public Finding {
        trace = List.copyOf(trace);
        fixes = List.copyOf(fixes);
    }

    /** A finding of {@code rule} with its default severity. */
    public static Finding of(Rule rule, Subject subject, SourceLocation loc, String message) {
        return new Finding(rule, rule.severity(), loc, message, List.of(), Optional.empty(), subject, List.of());
    }

    /** A finding of {@code rule} about the spec as a whole (or a file that did not parse). */
    public static Finding of(Rule rule, SourceLocation loc, String message) {
        return of(rule, Subject.WHOLE, loc, message);
    }

    /** A finding of {@code rule} with its default severity and a trace. */
    public static Finding of(Rule rule, Subject subject, SourceLocation loc, String message, List<TraceStep> trace) {
        return new Finding(rule, rule.severity(), loc, message, trace, Optional.empty(), subject, List.of());
    }

    /** The rule's stable id, e.g. {@code flow.late-attach}. */
    public String id() {
        return rule.id();
    }

    /** This finding, kept but suppressed for {@code reason}. */
    public Finding suppressed(String reason) {
        return new Finding(rule, severity, loc, message, trace, Optional.of(reason), subject, fixes);
    }

    /** This finding about {@code s}. */
    public Finding about(Subject s) {
        return new Finding(rule, severity, loc, message, trace, suppression, s, fixes);
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

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
