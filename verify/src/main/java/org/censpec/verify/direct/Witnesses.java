package org.censpec.verify.direct;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.TraceStep;
import org.censpec.model.WaitStep;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.BufferState;
import org.censpec.verify.findings.FlowKey;
import org.censpec.verify.findings.FlowWitness;

/**
 * The canonical trace of a flow finding (docs/semantics.md, "Traces"): the first execution
 * that shows it in breadth-first order, actors tried in declaration order. It is a shortest
 * execution and depends only on the spec, so both engines print the same trace for the same
 * finding: the Alloy engine's own witness proves that the finding exists, this search names
 * the trace. Stops as soon as every requested finding has its trace. On a flow too wide for
 * a breadth-first search within {@link #MAX_STATES} states, the trace of a finding not yet
 * named is the one the direct checker's reduced search finds: still a valid execution ending
 * at the offending step, still deterministic, so both engines still print the same.
 */
final class Witnesses {

    private record State(int[] pc, BufferState buffer) {
        @Override
        public boolean equals(Object o) {
            return o instanceof State s && Arrays.equals(pc, s.pc) && buffer.equals(s.buffer);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(pc) * 31 + buffer.hashCode();
        }
    }

    private record Edge(State from, TraceStep step) {}

    private final Spec spec;
    private final Acceptance acceptance;
    private final Flow flow;
    private final FlowLayout layout;
    private final Map<State, Edge> parent = new HashMap<>();

    /** Budget of the breadth-first search for canonical traces. */
    static final int MAX_STATES = 200_000;

    private Witnesses(Spec spec, Acceptance acceptance, Flow flow) {
        this.spec = spec;
        this.acceptance = acceptance;
        this.flow = flow;
        this.layout = new FlowLayout(spec, flow, acceptance);
    }

    /** The canonical witnesses of the requested keys (those that exist), by key. */
    static Map<FlowKey, FlowWitness> find(
            Spec spec, Acceptance acceptance, Flow flow, Set<FlowKey> keys, java.util.function.LongConsumer charge) {
        Witnesses search = new Witnesses(spec, acceptance, flow);
        Map<FlowKey, FlowWitness> found = search.run(keys);
        charge.accept(search.parent.size());
        if (found.size() < keys.size()) {
            FlowExplorer reduced = new FlowExplorer(spec, acceptance, flow).run();
            charge.accept(reduced.statesExplored());
            for (FlowKey k : keys) {
                FlowWitness w = found.containsKey(k) ? null : reduced.witness(k);
                if (w != null) {
                    found.put(k, w);
                }
            }
        }
        return found;
    }

    private Map<FlowKey, FlowWitness> run(Set<FlowKey> keys) {
        Map<FlowKey, FlowWitness> found = new LinkedHashMap<>();
        State start = new State(new int[flow.actors().size()], BufferState.initial(acceptance.all()));
        ArrayDeque<State> queue = new ArrayDeque<>();
        parent.put(start, null);
        queue.add(start);
        while (!queue.isEmpty() && found.size() < keys.size() && parent.size() <= MAX_STATES) {
            State s = queue.poll();
            boolean moved = false;
            boolean finished = true;
            for (int i = 0; i < flow.actors().size(); i++) {
                Actor actor = flow.actors().get(i);
                if (s.pc[i] >= actor.steps().size()) {
                    continue;
                }
                finished = false;
                Step step = actor.steps().get(s.pc[i]);
                if (step instanceof WaitStep w) {
                    if (layout.satisfied(s.pc, w)) {
                        moved = true;
                        State next = new State(advance(s.pc, i), s.buffer);
                        visit(queue, s, next, trace(actor, step, next.buffer));
                    }
                    continue;
                }
                moved = true;
                DeviceStep d = (DeviceStep) step;
                BufferState.Outcome o = layout.apply(s.buffer, d);
                if (o.rule() != null) {
                    FlowKey key = FlowKey.of(o.rule(), d);
                    if (keys.contains(key) && !found.containsKey(key)) {
                        List<TraceStep> path = pathTo(s);
                        path.add(trace(actor, step, o.failed() ? s.buffer : o.next()));
                        found.put(key, new FlowWitness(path, null));
                    }
                }
                if (!o.failed()) {
                    visit(queue, s, new State(advance(s.pc, i), o.next()), trace(actor, step, o.next()));
                }
            }
            if (!moved && !finished && keys.contains(FlowKey.DEADLOCK) && !found.containsKey(FlowKey.DEADLOCK)) {
                found.put(FlowKey.DEADLOCK, new FlowWitness(pathTo(s), s.pc.clone()));
            }
        }
        return found;
    }

    private static int[] advance(int[] pc, int actor) {
        int[] next = pc.clone();
        next[actor]++;
        return next;
    }

    private void visit(ArrayDeque<State> queue, State from, State next, TraceStep step) {
        if (!parent.containsKey(next)) {
            parent.put(next, new Edge(from, step));
            queue.add(next);
        }
    }

    private TraceStep trace(Actor actor, Step step, BufferState after) {
        Optional<String> chosen = after.chosen() < 0
                ? Optional.empty()
                : Optional.of(spec.allocators().get(after.chosen()).name());
        return new TraceStep(actor.name(), step.text(), step.loc(), acceptance.names(after.mask()), chosen);
    }

    private List<TraceStep> pathTo(State s) {
        List<TraceStep> path = new ArrayList<>();
        for (Edge e = parent.get(s); e != null; e = parent.get(e.from)) {
            path.add(e.step);
        }
        Collections.reverse(path);
        return path;
    }
}
