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
                    + "hide a later one. Not reported when the run was cut short (verify.timeout, verify.state-limit).");
    public static final Rule STATE_LIMIT = Rule.define(
            "verify.state-limit",
            VERIFY,
            ERROR,
            false,
            "A flow has too many states to check.",
            "A flow has more than 2 million reachable states (direct checker); split it or reduce its actors.");
    public static final Rule TIMEOUT = Rule.define(
            "verify.timeout",
            VERIFY,
            ERROR,
            false,
            "The solver did not finish in time.",
            "An Alloy command did not finish within the time limit (--timeout); the spec was not fully verified.");
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
        return List.of(SUPPRESSION_UNUSED, STATE_LIMIT, TIMEOUT, MEMORY_LIMIT, INTERNAL, MISMATCH);
    }

    /** Whether {@code f} says an engine ran out of a resource (time, states, memory) rather than judged. */
    public static boolean isResourceLimit(Finding f) {
        return f.rule() == TIMEOUT || f.rule() == STATE_LIMIT || f.rule() == MEMORY_LIMIT;
    }
}
