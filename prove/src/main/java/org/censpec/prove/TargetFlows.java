package org.censpec.prove;

import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Operation;
import org.censpec.model.Rule;
import org.censpec.model.semantics.BufferState;
import org.censpec.verify.direct.ExecutionWalker;
import org.censpec.verify.direct.FlowLayout;

/**
 * The executions of a flow on a given target: every interleaving of its actors' device steps
 * that their waits allow, as {@code Interleavings} enumerates them for the model, except that
 * the first map backs the buffer where the {@link Prediction} says (the first allocator of the
 * mask that can serve it here, or none: the map fails with -ENOMEM and the execution ends
 * there). Later steps are judged against that allocator, so a late attach is refused or
 * accepted as the kernel on this target will do it.
 */
public final class TargetFlows {
    /** One device step and what this target must answer; {@code choice} is set on the map that backs the buffer. */
    public record Event(
            String actor,
            DeviceStep step,
            Rule outcome,
            boolean outOfMemory,
            BufferState after,
            Prediction.Choice choice)
            implements ExecutionWalker.Judged {
        /** Whether the kernel refuses the step. */
        @Override
        public boolean failed() {
            return outOfMemory || (outcome != null && outcome.isError());
        }
    }

    private TargetFlows() {}

    /** At most {@code limit} distinct executions of {@code flow} on a buffer whose mask starts as {@code initialMask}. */
    public static ExecutionWalker.Result<Event> of(Prediction prediction, Flow flow, long initialMask, int limit) {
        return ExecutionWalker.walk(
                prediction.spec(),
                flow,
                initialMask,
                limit,
                (layout, actor, state, step) -> answer(prediction, layout, actor, state, step));
    }

    /**
     * What the target answers to {@code step} in {@code state}: the model's outcome, with the
     * backing map's allocator replaced by the target's choice (a one-page buffer).
     */
    public static Event answer(
            Prediction prediction, FlowLayout layout, String actor, BufferState state, DeviceStep step) {
        BufferState.Outcome o = layout.apply(state, step);
        if (o.failed() || step.op() != Operation.MAP || state.chosen() >= 0) {
            return new Event(actor, step, o.rule(), false, o.failed() ? state : o.next(), null);
        }
        Prediction.Choice c = prediction.choose(o.next().mask(), Prediction.PAGE);
        if (c.allocator() < 0) {
            return new Event(actor, step, o.rule(), true, state, c);
        }
        BufferState next =
                new BufferState(o.next().attached(), o.next().mapped(), o.next().mask(), c.allocator());
        return new Event(actor, step, o.rule(), false, next, c);
    }
}
