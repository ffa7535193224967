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
import org.censpec.model.Device;
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
    private record State(int[] pc, long attached, long mapped, long mask, int chosen) {
        @Override
        public boolean equals(Object o) {
            return o instanceof State s && Arrays.equals(pc, s.pc) && attached == s.attached && mapped == s.mapped
                    && mask == s.mask && chosen == s.chosen;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(pc) * 31 + Long.hashCode(attached * 7 + mapped * 13 + mask * 17 + chosen);
        }
    }

    private record Edge(State from, TraceStep step) {
    }

    /** What one device step does in a state. */
    private record Outcome(String id, String message, State next) {
    }

    /** Bound on explored states, so memory stays bounded on flows too large to judge. */
    static final int MAX_STATES = 2_000_000;

    private final Spec spec;
    private final Acceptance acceptance;
    private final Flow flow;
    private final Map<String, Integer> deviceIndex = new HashMap<>();
    private final List<Device> devices = new ArrayList<>();
    private final Map<State, Edge> parent = new HashMap<>();
    private final Map<String, Finding> findings = new LinkedHashMap<>();

    FlowExplorer(Spec spec, Acceptance acceptance, Flow flow) {
        this.spec = spec;
        this.acceptance = acceptance;
        this.flow = flow;
        for (Actor a : flow.actors()) {
            for (Step s : a.steps()) {
                if (s instanceof DeviceStep d && !deviceIndex.containsKey(d.device().name())) {
                    deviceIndex.put(d.device().name(), devices.size());
                    devices.add(spec.device(d.device().name()).orElseThrow());
                }
            }
        }
    }

    List<Finding> run() {
        State start = new State(new int[flow.actors().size()], 0, 0, acceptance.all(), -1);
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
                    if (!waitSatisfied(s, w)) {
                        continue;
                    }
                    moved = true;
                    State next = new State(advance(s.pc, i), s.attached, s.mapped, s.mask, s.chosen);
                    visit(queue, s, next, trace(actor, step, next));
                    continue;
                }
                moved = true;
                DeviceStep d = (DeviceStep) step;
                Outcome o = apply(s, i, d);
                State shown = o.next == null ? s : o.next;
                if (o.id != null) {
                    record(o.id, d, o.message, s, trace(actor, step, shown));
                }
                if (o.next != null) {
                    visit(queue, s, o.next, trace(actor, step, o.next));
                }
            }
            if (!moved && !finished) {
                recordDeadlock(s);
            }
        }
        return new ArrayList<>(findings.values());
    }

    private boolean waitSatisfied(State s, WaitStep w) {
        for (int j = 0; j < flow.actors().size(); j++) {
            Actor other = flow.actors().get(j);
            if (other.name().equals(w.actor().name())) {
                List<Step> steps = other.steps();
                for (int k = 0; k < steps.size(); k++) {
                    Optional<org.censpec.model.NameRef> l = steps.get(k).label();
                    if (l.isPresent() && l.get().name().equals(w.target().name())) {
                        return s.pc[j] > k;
                    }
                }
            }
        }
        return false;
    }

    private Outcome apply(State s, int actor, DeviceStep step) {
        int index = deviceIndex.get(step.device().name());
        Device dev = devices.get(index);
        BufferState.Outcome o = new BufferState(s.attached, s.mapped, s.mask, s.chosen)
                .apply(spec, step, dev, 1L << index, acceptance.mask(dev));
        State next = o.failed() ? null
                : new State(advance(s.pc, actor), o.next().attached(), o.next().mapped(), o.next().mask(), o.next().chosen());
        return new Outcome(o.id(), o.message(), next);
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

    private TraceStep trace(Actor actor, Step step, State after) {
        Optional<String> chosen = after.chosen < 0 ? Optional.empty()
                : Optional.of(spec.allocators().get(after.chosen).name());
        return new TraceStep(actor.name(), step.text(), step.loc(), acceptance.names(after.mask), chosen);
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
