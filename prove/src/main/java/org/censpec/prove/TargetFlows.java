package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Operation;
import org.censpec.model.Rule;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.BufferState;
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
            Prediction.Choice choice) {
        /** Whether the kernel refuses the step. */
        public boolean failed() {
            return outOfMemory || (outcome != null && outcome.isError());
        }
    }

    /** The executions found; {@code truncated} when the enumeration stopped at its limit. */
    public record Result(List<List<Event>> executions, boolean truncated) {}

    private final Flow flow;
    private final FlowLayout layout;
    private final Prediction prediction;
    private final Map<String, List<Event>> found = new LinkedHashMap<>();
    private final int limit;

    private TargetFlows(Prediction prediction, Flow flow, int limit) {
        this.flow = flow;
        this.prediction = prediction;
        this.layout = new FlowLayout(prediction.spec(), flow, new Acceptance(prediction.spec()));
        this.limit = limit;
    }

    /** At most {@code limit} distinct executions of {@code flow} on a buffer whose mask starts as {@code initialMask}. */
    public static Result of(Prediction prediction, Flow flow, long initialMask, int limit) {
        TargetFlows t = new TargetFlows(prediction, flow, limit);
        boolean complete =
                t.explore(new int[flow.actors().size()], BufferState.initial(initialMask), new ArrayList<>());
        return new Result(List.copyOf(t.found.values()), !complete);
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

    /** Returns false once the limit is reached. */
    private boolean explore(int[] pc, BufferState state, List<Event> path) {
        boolean moved = false;
        for (int i = 0; i < pc.length; i++) {
            Actor actor = flow.actors().get(i);
            if (pc[i] >= actor.steps().size()) {
                continue;
            }
            Step step = actor.steps().get(pc[i]);
            int[] next = pc.clone();
            next[i]++;
            if (step instanceof WaitStep w) {
                if (layout.satisfied(pc, w)) {
                    moved = true;
                    if (!explore(next, state, path)) {
                        return false;
                    }
                }
                continue;
            }
            moved = true;
            Event e = answer(prediction, layout, actor.name(), state, (DeviceStep) step);
            path.add(e);
            boolean go = e.failed() ? record(path) : explore(next, e.after(), path);
            path.remove(path.size() - 1);
            if (!go) {
                return false;
            }
        }
        return moved || record(path);
    }

    private boolean record(List<Event> path) {
        StringBuilder key = new StringBuilder();
        for (Event e : path) {
            key.append(e.step().loc()).append(';');
        }
        found.putIfAbsent(key.toString(), List.copyOf(path));
        return found.size() < limit;
    }
}
