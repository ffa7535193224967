package org.censpec.model;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rule of the finding catalog, in the manner of Smithy's validators: a stable id, its
 * default severity, whether a {@code suppress} may silence it, a one-line summary (the
 * README's table and SARIF's shortDescription) and a longer description. Each rule is
 * declared as a constant beside the code that emits it; {@link #define} registers it so that
 * {@link #byId} finds it once the declaring class is loaded ({@code RuleCatalog} in verify
 * loads them all).
 */
public record Rule(String id, Kind kind, Severity severity, boolean suppressible, String summary, String description) {

    /** Which stage of the check emits a rule. */
    public enum Kind {
        /** Reading and validating the spec text: stops the check before the semantic checks. */
        SPEC,
        /** The semantics of the spec (static acceptance and flows), from either engine. */
        SEMANTIC,
        /** The verification machinery itself (limits, timeouts, internal errors). */
        VERIFY
    }

    private static final Map<String, Rule> DEFINED = new ConcurrentHashMap<>();

    /** Declares and registers a rule. */
    public static Rule define(String id, Kind kind, Severity severity, boolean suppressible, String summary,
            String description) {
        Rule r = new Rule(id, kind, severity, suppressible, summary, description);
        Rule old = DEFINED.putIfAbsent(id, r);
        if (old != null && !old.equals(r)) {
            throw new IllegalStateException("rule " + id + " is declared twice");
        }
        return r;
    }

    /** A registered rule. */
    public static Optional<Rule> byId(String id) {
        org.censpec.model.check.SpecRules.all();
        org.censpec.model.semantics.SemanticRules.all();
        return Optional.ofNullable(DEFINED.get(id));
    }

    /**
     * The registered rule of {@code id}, or (for findings built through the string shims of
     * {@link Finding}) an uncatalogued rule with that id and severity.
     */
    static Rule of(String id, Severity severity) {
        org.censpec.model.check.SpecRules.all();
        org.censpec.model.semantics.SemanticRules.all();
        Rule r = DEFINED.get(id);
        return r != null ? r : new Rule(id, id.startsWith("spec.") ? Kind.SPEC : Kind.SEMANTIC, severity, false,
                "censpec finding " + id + ".", "censpec finding " + id + ".");
    }

    /** Whether a finding of this rule stops the check before its semantic stage. */
    public boolean isSpecLevel() {
        return kind == Kind.SPEC;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
