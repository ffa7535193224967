package org.censpec.testsupport;

import java.util.Optional;

/** What to do with a test whose prerequisite may be missing: run it, skip it, or fail it. */
public record Gate(Verdict verdict, String message) {
    public enum Verdict {
        RUN,
        SKIP,
        FAIL
    }

    /** The system property {@code ./run-tests} sets: a missing prerequisite is a failure, never a skip. */
    public static final String REQUIRE_PROPERTY = "censpec.require.kernels";
    /** Set by {@code ./run-tests} where root is expected (CI, or a run as root). */
    public static final String REQUIRE_ROOT_PROPERTY = "censpec.require.root";

    /** The words a skip's reason starts with; the reports group skipped tests by them. */
    static final String PREFIX = "needs ";

    /** Decides for one prerequisite, given what its probe found and whether the run requires it. */
    public static Gate decide(Prerequisite p, Optional<String> missing, boolean required) {
        if (missing.isEmpty()) {
            return new Gate(Verdict.RUN, "");
        }
        String why = PREFIX + p.group() + ": " + p.what() + " missing (" + missing.get() + ")";
        if (required) {
            String property = p == Prerequisite.ROOT ? REQUIRE_ROOT_PROPERTY : REQUIRE_PROPERTY;
            return new Gate(Verdict.FAIL, why + "; this run requires it (-D" + property + "=true)");
        }
        return new Gate(Verdict.SKIP, why + "; " + p.remedy());
    }

    /** Whether this run turns a missing {@code p} into a failure. */
    public static boolean required(Prerequisite p) {
        String property = p == Prerequisite.ROOT ? REQUIRE_ROOT_PROPERTY : REQUIRE_PROPERTY;
        return Boolean.getBoolean(property);
    }
}
