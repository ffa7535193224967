package org.censpec.verify.budget;

import java.util.Optional;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.rules.VerifyRules;

/**
 * What one check of a spec has spent of its {@link WorkBudget}, and where it ran out. The direct
 * checker draws states from it flow by flow; both engines stop at its deadline. Once it has run
 * out, every flow not fully checked gets one {@code verify.budget} finding at the flow, in the same
 * words whichever engine ran out ({@link #notChecked}). Used by one check at a time.
 */
public final class WorkMeter {
    /** Which part of the budget ran out. */
    public enum Resource {
        STATES,
        TIME
    }

    /** The budget ran out of {@code resource} at flow {@code during} (empty: in the static checks). */
    public record Exhausted(Resource resource, Optional<Flow> during) {}

    private final WorkBudget budget;
    private final long deadline;
    private long spent;
    private Exhausted exhausted;

    WorkMeter(WorkBudget budget, long startNanos) {
        this.budget = budget;
        this.deadline = startNanos + budget.time().toNanos();
    }

    /** A meter of {@code budget} started now (for checkers used on their own, e.g. in tests). */
    public static WorkMeter of(WorkBudget budget) {
        return budget.start();
    }

    public WorkBudget budget() {
        return budget;
    }

    /** The {@link System#nanoTime} at which the time runs out. */
    public long deadlineNanos() {
        return deadline;
    }

    public boolean timeUp() {
        return System.nanoTime() - deadline >= 0;
    }

    /** States the direct checker may still explore. */
    public long statesLeft() {
        return Math.max(0, budget.states() - spent);
    }

    /** Records {@code states} explored. */
    public void spend(long states) {
        spent += states;
    }

    /** Records that {@code resource} ran out while checking {@code during}; the first record stays. */
    public void exhaust(Resource resource, Flow during) {
        if (exhausted == null) {
            exhausted = new Exhausted(resource, Optional.ofNullable(during));
        }
    }

    /** Where the budget ran out, if it has. */
    public Optional<Exhausted> exhausted() {
        return Optional.ofNullable(exhausted);
    }

    /** The finding of {@code flow} left unchecked since the budget ran out (as {@link #exhausted}). */
    public Finding notChecked(Flow flow) {
        return notChecked(flow, exhausted);
    }

    /** The finding of {@code flow} left unchecked since the budget ran out as {@code why} says. */
    public Finding notChecked(Flow flow, Exhausted why) {
        boolean during = why.during().filter(flow::equals).isPresent();
        return Finding.of(
                VerifyRules.BUDGET,
                new Subject.Of(flow),
                flow.loc(),
                "flow " + flow.name() + (during ? " was not fully checked: " : " was not checked: ")
                        + ranOut(why, during));
    }

    /** The finding of the static checks (devices, shares, allocators) left unfinished, at the spec. */
    public Finding staticNotChecked(Spec spec, Exhausted why) {
        return Finding.of(
                VerifyRules.BUDGET,
                Subject.WHOLE,
                spec.loc(),
                "the device, share and allocator checks were not finished: "
                        + ranOut(why, why.during().isEmpty()));
    }

    private String ranOut(Exhausted why, boolean duringThis) {
        String what = why.resource() == Resource.STATES ? budget.states() + " states" : budget.timeWords();
        String option = why.resource() == Resource.STATES ? WorkBudget.STATES_OPTION : WorkBudget.TIME_OPTION;
        String where = duringThis
                ? "while checking it"
                : why.during().map(f -> "at flow " + f.name()).orElse("in the static checks");
        return "the spec's budget of " + what + " ran out " + where + "; raise it with " + option;
    }
}
