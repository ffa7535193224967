package org.censpec.verify.direct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.BufferState;

/**
 * Enumerates the executions of a flow (docs/semantics.md): every interleaving of its actors'
 * device steps that their waits allow, each running until every actor finished, the first
 * refused step, or a deadlock, depth first, actors in declaration order. Executions that differ
 * only in where a wait ran are the same to the kernel and are listed once. What each step
 * answers is the {@link Judge}'s: the model's ({@link Interleavings}) or a target's (prove's
 * TargetFlows), so both walk the same executions.
 *
 * @param <E> one judged device step
 */
public final class ExecutionWalker<E extends ExecutionWalker.Judged> {
    /** A device step as judged: refused or not, and the buffer after it. */
    public interface Judged {
        DeviceStep step();

        /** Whether the step is refused: the execution ends there. */
        boolean failed();

        /** The buffer after the step (unchanged when refused). */
        BufferState after();
    }

    /** What one device step answers in a state, on a flow's layout. */
    @FunctionalInterface
    public interface Judge<E> {
        E judge(FlowLayout layout, String actor, BufferState state, DeviceStep step);
    }

    /** The executions found; {@code truncated} when the enumeration stopped at its limit. */
    public record Result<E>(List<List<E>> executions, boolean truncated) {}

    private final Flow flow;
    private final FlowLayout layout;
    private final Judge<E> judge;
    private final Map<String, List<E>> found = new LinkedHashMap<>();
    private final int limit;

    private ExecutionWalker(Spec spec, Flow flow, int limit, Judge<E> judge) {
        this.flow = flow;
        this.layout = new FlowLayout(spec, flow, new Acceptance(spec));
        this.judge = judge;
        this.limit = limit;
    }

    /** At most {@code limit} distinct executions of {@code flow} on a buffer whose mask starts as {@code initialMask}. */
    public static <E extends Judged> Result<E> walk(Spec spec, Flow flow, long initialMask, int limit, Judge<E> judge) {
        ExecutionWalker<E> w = new ExecutionWalker<>(spec, flow, limit, judge);
        boolean complete =
                w.explore(new int[flow.actors().size()], BufferState.initial(initialMask), new ArrayList<>());
        return new Result<>(List.copyOf(w.found.values()), !complete);
    }

    /** Returns false once the limit is reached. */
    private boolean explore(int[] pc, BufferState state, List<E> path) {
        boolean moved = false;
        for (int i = 0; i < pc.length; i++) {
            Actor actor = flow.actors().get(i);
            if (pc[i] >= actor.steps().size()) {
                continue;
            }
            Step step = actor.steps().get(pc[i]);
            int[] next = pc.clone();
            next[i]++;
            if (step instanceof WaitStep w && !layout.satisfied(pc, w)) {
                continue;
            }
            moved = true;
            if (!(step instanceof DeviceStep d ? judged(next, state, path, actor, d) : explore(next, state, path))) {
                return false;
            }
        }
        return moved || record(path);
    }

    private boolean judged(int[] next, BufferState state, List<E> path, Actor actor, DeviceStep step) {
        E e = judge.judge(layout, actor.name(), state, step);
        path.add(e);
        boolean go = e.failed() ? record(path) : explore(next, e.after(), path);
        path.remove(path.size() - 1);
        return go;
    }

    private boolean record(List<E> path) {
        StringBuilder key = new StringBuilder();
        for (E e : path) {
            key.append(e.step().loc()).append(';');
        }
        found.putIfAbsent(key.toString(), List.copyOf(path));
        return found.size() < limit;
    }
}
