package org.censpec.model;

/**
 * One rule of the finding catalog, in the manner of Smithy's validators: a stable id, its
 * default severity, whether a {@code suppress} may silence it, a one-line summary (the
 * README's table and SARIF's shortDescription) and a longer description. Every rule is a
 * constant of one of the catalog's classes ({@code org.censpec.model.rules}), and
 * {@code org.censpec.model.rules.RuleCatalog} lists them all; nothing is registered by loading a class.
 */
public record Rule(String id, Kind kind, Severity severity, boolean suppressible, String summary, String description) {

    /** Which stage of the check emits a rule; the catalog is in this order. */
    public enum Kind {
        /** Reading and validating the spec text: stops the check before the semantic checks. */
        SPEC,
        /** About the run as a whole: suppressions that matched nothing, files checked together. */
        RUN,
        /** The semantics of the spec (static acceptance and flows), from either engine. */
        SEMANTIC,
        /** The verification machinery itself (limits, timeouts, internal errors, disagreement). */
        VERIFY,
        /** What censpec replay observes in a trace recorded on a running system. */
        OBSERVED
    }

    /** Declares a rule (a constant of the catalog). */
    public static Rule define(
            String id, Kind kind, Severity severity, boolean suppressible, String summary, String description) {
        return new Rule(id, kind, severity, suppressible, summary, description);
    }

    /** Whether a finding of this rule stops the check before its semantic stage. */
    public boolean isSpecLevel() {
        return kind == Kind.SPEC;
    }

    /** Whether a finding of this rule says the verification machinery could not judge (limits, internal errors). */
    public boolean isVerification() {
        return kind == Kind.VERIFY;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
