package org.censpec.verify.direct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Rule;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.BufferState;

/**
 * Enumerates the executions of a flow (docs/semantics.md): every interleaving of its
 * actors' device steps that their waits allow, each running until every actor finished,
 * the first error, or a deadlock. Executions that differ only in where a wait ran are the
 * same to the kernel and are listed once. Used to replay flows against the real module.
 */
public final class Interleavings {
    /** One device step of an execution and what the model predicts for it. */
    public record Event(String actor, DeviceStep step, Rule outcome, BufferState after) {
        /** Whether the kernel must refuse the step: its outcome is an error. */
        public boolean failed() {
            return outcome != null && outcome.isError();
        }
    }

    /** The executions found; {@code truncated} when the enumeration stopped at its limit. */
    public record Result(List<List<Event>> executions, boolean truncated) {}

    private final Flow flow;
    private final FlowLayout layout;
    private final Map<String, List<Event>> found = new LinkedHashMap<>();
    private final int limit;

    private Interleavings(Spec spec, Flow flow, int limit) {
        this.flow = flow;
        this.layout = new FlowLayout(spec, flow, new Acceptance(spec));
        this.limit = limit;
    }

    /** At most {@code limit} distinct executions, depth first, actors in declaration order. */
    public static Result of(Spec spec, Flow flow, long initialMask, int limit) {
        Interleavings i = new Interleavings(spec, flow, limit);
        boolean complete =
                i.explore(new int[flow.actors().size()], BufferState.initial(initialMask), new ArrayList<>());
        return new Result(List.copyOf(i.found.values()), !complete);
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
            DeviceStep d = (DeviceStep) step;
            BufferState.Outcome o = layout.apply(state, d);
            path.add(new Event(actor.name(), d, o.rule(), o.failed() ? state : o.next()));
            boolean go = o.failed() ? record(path) : explore(next, o.next(), path);
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
