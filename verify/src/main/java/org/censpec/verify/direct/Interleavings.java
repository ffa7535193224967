package org.censpec.verify.direct;

import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Rule;
import org.censpec.model.Spec;
import org.censpec.model.semantics.BufferState;

/**
 * The executions of a flow as the model judges them (docs/semantics.md), enumerated by {@link
 * ExecutionWalker}: every interleaving of its actors' device steps that their waits allow, each
 * running until every actor finished, the first error, or a deadlock. Used to replay flows
 * against the real module.
 */
public final class Interleavings {
    /** One device step of an execution and what the model predicts for it. */
    public record Event(String actor, DeviceStep step, Rule outcome, BufferState after)
            implements ExecutionWalker.Judged {
        /** Whether the kernel must refuse the step: its outcome is an error. */
        @Override
        public boolean failed() {
            return outcome != null && outcome.isError();
        }
    }

    private Interleavings() {}

    /** At most {@code limit} distinct executions, depth first, actors in declaration order. */
    public static ExecutionWalker.Result<Event> of(Spec spec, Flow flow, long initialMask, int limit) {
        return ExecutionWalker.walk(spec, flow, initialMask, limit, Interleavings::judge);
    }

    private static Event judge(FlowLayout layout, String actor, BufferState state, DeviceStep step) {
        BufferState.Outcome o = layout.apply(state, step);
        return new Event(actor, step, o.rule(), o.failed() ? state : o.next());
    }
}
