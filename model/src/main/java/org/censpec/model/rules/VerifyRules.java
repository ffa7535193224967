package org.censpec.model.rules;

import static org.censpec.model.Rule.Kind.RUN;
import static org.censpec.model.Rule.Kind.VERIFY;
import static org.censpec.model.Severity.ERROR;
import static org.censpec.model.Severity.WARNING;

import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Rule;

/** The rules of the verification machinery itself and of suppressions; none can be suppressed. */
public final class VerifyRules {
    public static final Rule SUPPRESSION_UNUSED = Rule.define(
            "suppression.unused",
            RUN,
            WARNING,
            false,
            "A suppression matches no finding.",
            "A 'suppress ID [on NAME]' declaration matched no finding of a complete run; remove it so it cannot "
                    + "hide a later one. Not reported when the run was cut short (verify.budget, verify.state-limit, "
                    + "verify.memory-limit).");
    public static final Rule STATE_LIMIT = Rule.define(
            "verify.state-limit",
            VERIFY,
            ERROR,
            false,
            "A flow has too many states to hold.",
            "One flow's search needs more than 2 million states or about 384 MiB (direct checker), more than one "
                    + "flow may hold whatever the budget; split it or reduce its actors.");
    public static final Rule BUDGET = Rule.define(
            "verify.budget",
            VERIFY,
            ERROR,
            false,
            "The spec's work budget ran out before a flow was checked.",
            "The check of a spec has one budget: states the direct checker may explore across all flows "
                    + "(--max-states) and time for the whole check, both engines (--timeout). When it runs out, "
                    + "each flow not fully checked gets this finding at the flow, saying which budget ran out "
                    + "and while checking which flow; the spec was not fully verified.");
    public static final Rule MEMORY_LIMIT = Rule.define(
            "verify.memory-limit",
            VERIFY,
            ERROR,
            false,
            "The solver ran out of memory.",
            "An Alloy command ran out of Java heap (the launcher's -Xmx) while translating or solving; the flow was "
                    + "not verified by Alloy. Give the JVM more memory (CENSPEC_JAVA_OPTS=\"-Xmx8g -Xss8m\" for the "
                    + "launcher) or split the flow.");
    public static final Rule INTERNAL = Rule.define(
            "verify.internal",
            VERIFY,
            ERROR,
            false,
            "The Alloy model could not be built or solved (internal error).",
            "The generated Alloy model failed to build, parse or solve, or a non-vacuity run had no instance; please report it.");
    public static final Rule MISMATCH = Rule.define(
            "verify.mismatch",
            VERIFY,
            ERROR,
            false,
            "The two checkers disagree (internal error).",
            "The Alloy model and the direct checker gave different findings for this spec; please report it.");

    private VerifyRules() {}

    public static List<Rule> all() {
        return List.of(SUPPRESSION_UNUSED, STATE_LIMIT, BUDGET, MEMORY_LIMIT, INTERNAL, MISMATCH);
    }

    /** Whether {@code f} says an engine ran out of a resource (budget, states, memory) rather than judged. */
    public static boolean isResourceLimit(Finding f) {
        return f.rule() == BUDGET || f.rule() == STATE_LIMIT || f.rule() == MEMORY_LIMIT;
    }
}
