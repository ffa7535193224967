package org.censpec.verify.budget;

import java.time.Duration;

/**
 * The work one check of a spec may do, whatever its size: {@code states} the direct checker may
 * explore across all the spec's flows, and {@code time} for the whole semantic check (both engines:
 * the direct checker, then the Alloy model with the time left). The defaults answer within about a
 * minute on a shared two-core machine for the worst spec the size limits admit (docs/benchmark.md).
 * Every flow not fully checked when the budget runs out gets one {@code verify.budget} finding
 * ({@link WorkMeter}). One definition for every place a check runs (check, watch, generate, prove,
 * the language server, the Maven plugin).
 */
public record WorkBudget(long states, Duration time) {
    /** States across a spec's flows by default. */
    public static final long DEFAULT_STATES = 1_000_000;
    /** Seconds for a spec's whole semantic check by default. */
    public static final long DEFAULT_SECONDS = 45;
    /** The most states an option may ask for. */
    public static final long MAX_STATES = 1_000_000_000_000L;
    /** The most seconds an option may ask for (a day). */
    public static final long MAX_SECONDS = 86_400;
    /** The option that raises the time, in every message. */
    public static final String TIME_OPTION = "--timeout";
    /** The option that raises the states, in every message. */
    public static final String STATES_OPTION = "--max-states";

    public static final WorkBudget DEFAULT = new WorkBudget(DEFAULT_STATES, Duration.ofSeconds(DEFAULT_SECONDS));

    public WorkBudget {
        if (states < 1 || states > MAX_STATES) {
            throw new IllegalArgumentException(STATES_OPTION + " " + states + ": states from 1 to " + MAX_STATES);
        }
        if (time.isNegative() || time.isZero() || time.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0) {
            throw new IllegalArgumentException(
                    TIME_OPTION + " " + time.toSeconds() + ": seconds from 1 to " + MAX_SECONDS);
        }
    }

    /**
     * A budget from option values (whole seconds); a value out of range is an
     * {@link IllegalArgumentException} whose message is one line naming the option.
     */
    public static WorkBudget of(long states, long seconds) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(TIME_OPTION + " " + seconds + ": seconds from 1 to " + MAX_SECONDS);
        }
        return new WorkBudget(states, Duration.ofSeconds(seconds));
    }

    /** The default states with {@code time} (for callers that only set a time). */
    public static WorkBudget ofTime(Duration time) {
        return new WorkBudget(DEFAULT_STATES, time);
    }

    /** A meter for one check, its clock started now. */
    public WorkMeter start() {
        return new WorkMeter(this, System.nanoTime());
    }

    /** The time in the words of a finding: whole seconds, or milliseconds below one second. */
    String timeWords() {
        return time.toMillis() % 1000 == 0 ? time.toSeconds() + " s" : time.toMillis() + " ms";
    }
}
