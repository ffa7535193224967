package org.censpec.verify.direct;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Severity;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.TraceStep;
import org.censpec.model.WaitStep;

/**
 * Breadth-first search over every interleaving of a flow's actors (docs/semantics.md).
 * A state is each actor's program counter, the attached and mapped devices, the access
 * mask and the chosen allocator; states are memoised, so the search is exhaustive and
 * each finding's trace is a shortest execution that shows it.
 */
final class FlowExplorer {
    /** Each actor's program counter and the buffer. */
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

    private record Edge(State from, TraceStep step) {
    }

    /** Bound on explored states, so memory stays bounded on flows too large to judge. */
    static final int MAX_STATES = 2_000_000;

    private final Spec spec;
    private final Acceptance acceptance;
    private final Flow flow;
    private final FlowLayout layout;
    private final Map<State, Edge> parent = new HashMap<>();
    private final Map<String, Finding> findings = new LinkedHashMap<>();

    FlowExplorer(Spec spec, Acceptance acceptance, Flow flow) {
        this.spec = spec;
        this.acceptance = acceptance;
        this.flow = flow;
        this.layout = new FlowLayout(spec, flow, acceptance);
    }

    List<Finding> run() {
        State start = new State(new int[flow.actors().size()], BufferState.initial(acceptance.all()));
        ArrayDeque<State> queue = new ArrayDeque<>();
        parent.put(start, null);
        queue.add(start);
        while (!queue.isEmpty()) {
            if (parent.size() > MAX_STATES) {
                findings.put("verify.state-limit", Finding.error("verify.state-limit", flow.loc(), "flow '"
                        + flow.name() + "' has more than " + MAX_STATES + " reachable states; split it into smaller flows"));
                break;
            }
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
                    if (!layout.satisfied(s.pc, w)) {
                        continue;
                    }
                    moved = true;
                    State next = new State(advance(s.pc, i), s.buffer);
                    visit(queue, s, next, trace(actor, step, next.buffer));
                    continue;
                }
                moved = true;
                DeviceStep d = (DeviceStep) step;
                BufferState.Outcome o = layout.apply(s.buffer, d);
                if (o.id() != null) {
                    record(o.id(), d, o.message(), s, trace(actor, step, o.failed() ? s.buffer : o.next()));
                }
                if (!o.failed()) {
                    State next = new State(advance(s.pc, i), o.next());
                    visit(queue, s, next, trace(actor, step, next.buffer));
                }
            }
            if (!moved && !finished) {
                recordDeadlock(s);
            }
        }
        return new ArrayList<>(findings.values());
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
        Optional<String> chosen = after.chosen() < 0 ? Optional.empty()
                : Optional.of(spec.allocators().get(after.chosen()).name());
        return new TraceStep(actor.name(), step.text(), step.loc(), acceptance.names(after.mask()), chosen);
    }

    private List<TraceStep> pathTo(State s) {
        List<TraceStep> path = new ArrayList<>();
        for (Edge e = parent.get(s); e != null; e = parent.get(e.from)) {
            path.add(e.step);
        }
        java.util.Collections.reverse(path);
        return path;
    }

    private void record(String id, DeviceStep step, String message, State before, TraceStep last) {
        String key = id + "@" + step.loc();
        if (findings.containsKey(key)) {
            return;
        }
        List<TraceStep> trace = pathTo(before);
        trace.add(last);
        Severity sev = id.equals("flow.attach-after-map") ? Severity.WARNING : Severity.ERROR;
        findings.put(key, new Finding(id, sev, step.loc(), message + " (flow '" + flow.name() + "')", trace));
    }

    private void recordDeadlock(State s) {
        String key = "flow.deadlock";
        if (findings.containsKey(key)) {
            return;
        }
        List<String> blocked = new ArrayList<>();
        for (int i = 0; i < flow.actors().size(); i++) {
            Actor a = flow.actors().get(i);
            if (s.pc[i] < a.steps().size()) {
                Step st = a.steps().get(s.pc[i]);
                blocked.add(a.name() + " at '" + st.text() + "' (line " + st.loc().line() + ")");
            }
        }
        findings.put(key, new Finding("flow.deadlock", Severity.ERROR, flow.loc(), "flow '" + flow.name()
                + "' can block forever: " + String.join(", ", blocked) + " wait on steps that never run", pathTo(s)));
    }
}
