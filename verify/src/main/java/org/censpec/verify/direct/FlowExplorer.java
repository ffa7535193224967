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
 * mask and the chosen allocator; states are memoised, so the search is exhaustive. It
 * finds which findings exist; {@code FindingBuilder} writes them (message and canonical trace).
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

    /** Bound on explored states, so memory stays bounded on flows too large to judge. */
    static final int MAX_STATES = 2_000_000;

    private final Spec spec;
    private final org.censpec.model.semantics.Acceptance acceptance;
    private final Flow flow;
    private final FlowLayout layout;
    private final java.util.Set<State> seen = new java.util.HashSet<>();
    /** What the search found: finding keys ({@link Witnesses#key}) in discovery order. */
    private final java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    private Finding stateLimit;

    FlowExplorer(Spec spec, org.censpec.model.semantics.Acceptance acceptance, Flow flow) {
        this.spec = spec;
        this.acceptance = acceptance;
        this.flow = flow;
        this.layout = new FlowLayout(spec, flow, acceptance);
    }

    /** The keys of the flow's findings; {@link #stateLimit} tells whether the search was cut short. */
    java.util.Set<String> keys() {
        return keys;
    }

    /** The verify.state-limit finding when the flow had too many states, else null. */
    Finding stateLimit() {
        return stateLimit;
    }

    FlowExplorer run() {
        State start = new State(new int[flow.actors().size()], BufferState.initial(acceptance.all()));
        ArrayDeque<State> queue = new ArrayDeque<>();
        seen.add(start);
        queue.add(start);
        while (!queue.isEmpty()) {
            if (seen.size() > MAX_STATES) {
                stateLimit = Finding.of(org.censpec.verify.VerifyRules.STATE_LIMIT, new org.censpec.model.Subject.Of(flow),
                        flow.loc(), "flow " + flow.name() + " has more than " + MAX_STATES
                                + " reachable states; split it into smaller flows");
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
                    visit(queue, next);
                    continue;
                }
                moved = true;
                DeviceStep d = (DeviceStep) step;
                BufferState.Outcome o = layout.apply(s.buffer, d);
                if (o.id() != null) {
                    keys.add(Witnesses.key(o.id(), d));
                }
                if (!o.failed()) {
                    State next = new State(advance(s.pc, i), o.next());
                    visit(queue, next);
                }
            }
            if (!moved && !finished) {
                keys.add(Witnesses.DEADLOCK);
            }
        }
        return this;
    }

    private static int[] advance(int[] pc, int actor) {
        int[] next = pc.clone();
        next[actor]++;
        return next;
    }

    private void visit(ArrayDeque<State> queue, State next) {
        if (seen.add(next)) {
            queue.add(next);
        }
    }
}
