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
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Rule;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.Subject;
import org.censpec.model.TraceStep;
import org.censpec.model.WaitStep;
import org.censpec.model.semantics.BufferState;
import org.censpec.verify.budget.WorkBudget;
import org.censpec.verify.budget.WorkMeter;
import org.censpec.verify.findings.FlowKey;
import org.censpec.verify.findings.FlowWitness;

/**
 * Breadth-first search over the interleavings of a flow's actors (docs/semantics.md). A
 * state is each actor's program counter and the buffer; states are memoised. In every
 * state the outcome of every enabled step is evaluated (that is where findings come from);
 * which successors are expanded depends on the mode:
 *
 * <ul>
 *   <li><b>full</b>: every enabled step. Each finding's trace is a shortest execution that
 *       shows it. Used first, while the flow has at most {@link #FULL_SEARCH_STATES} states.</li>
 *   <li><b>reduced</b> (partial-order reduction with persistent sets of one step): when an
 *       enabled, successful step {@code y} of some actor is independent of every step other
 *       actors could still run before it (see {@link #independent}), only {@code y} is
 *       expanded. Every state the full search reaches has, by commuting {@code y} forward, a
 *       counterpart the reduced search reaches where the same steps are enabled with the same
 *       outcomes, so the set of findings (id and step, deadlocks) is exactly the full
 *       search's: a pass is still a proof. A trace is then a valid execution ending at the
 *       offending step, shortened by dropping every step it does not need.</li>
 * </ul>
 *
 * One flow may hold at most {@link #MAX_STATES} states and about {@link #MAX_BYTES} bytes; beyond
 * them the flow gets {@code verify.state-limit} (at the flow) instead of a verdict. The states it
 * explores are drawn from the spec's {@link WorkMeter}, and it stops at the meter's deadline: when
 * either runs out the flow has no verdict ({@link #outOfBudget}) and the meter says where it ran
 * out. It decides which findings
 * exist ({@link #keys}); {@code FindingBuilder} writes them, with the canonical trace of
 * {@link Witnesses} (or, where that search is over its budget, {@link #witness}).
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

    /** How a state was first reached: from {@code from} by the next step of actor {@code actor}. */
    private record Edge(State from, int actor) {}

    /** Bound on explored states, so memory stays bounded on flows too large to judge. */
    static final int MAX_STATES = 2_000_000;
    /** Bound on the approximate memory of the explored states. */
    static final long MAX_BYTES = 384L << 20;
    /** The full search runs first, up to this many states; beyond it the reduced search decides. */
    static final int FULL_SEARCH_STATES = Integer.getInteger("censpec.fullSearchStates", 2_000);

    /** Which successors the search expands. */
    enum Mode {
        FULL,
        REDUCED
    }

    private final Spec spec;
    private final org.censpec.model.semantics.Acceptance acceptance;
    private final Flow flow;
    private final FlowLayout layout;
    private final StepOrder order;
    private final long bytesPerState;
    private Map<State, Edge> parent;
    /** Finding keys in discovery order, with the moves of the execution that showed each. */
    private Map<FlowKey, List<Integer>> found;

    private Finding stateLimit;
    private boolean outOfBudget;
    private Mode mode;
    private int maxStatesReported = MAX_STATES;
    private WorkMeter meter = unbounded();
    private long explored;

    FlowExplorer(Spec spec, org.censpec.model.semantics.Acceptance acceptance, Flow flow) {
        this.spec = spec;
        this.acceptance = acceptance;
        this.flow = flow;
        this.layout = new FlowLayout(spec, flow, acceptance);
        this.order = new StepOrder(flow, layout);
        // State + pc array + buffer + map entry and table slot + edge + queue slot.
        this.bytesPerState = 176 + 4L * flow.actors().size();
    }

    /** A meter that never runs out before the per-flow bounds do (searches outside a spec's check). */
    private static WorkMeter unbounded() {
        return WorkMeter.of(
                new WorkBudget(WorkBudget.MAX_STATES, java.time.Duration.ofSeconds(WorkBudget.MAX_SECONDS)));
    }

    /** Searches the flow: full search first, the reduced search when that is too large. */
    FlowExplorer run() {
        return run(unbounded());
    }

    /** Searches the flow with states from {@code meter}, until its deadline. */
    FlowExplorer run(WorkMeter meter) {
        this.meter = meter;
        if (!search(Mode.FULL, FULL_SEARCH_STATES)) {
            search(Mode.REDUCED, MAX_STATES);
        }
        return this;
    }

    /** Searches in one mode (for tests: both modes must find the same keys). */
    FlowExplorer run(Mode m) {
        return run(m, MAX_STATES);
    }

    /** Searches in one mode with a budget of {@code maxStates} (for tests). */
    FlowExplorer run(Mode m, int maxStates) {
        maxStatesReported = maxStates;
        search(m, maxStates);
        return this;
    }

    /** The keys of the flow's findings; {@link #stateLimit} tells whether the search was cut short. */
    Set<FlowKey> keys() {
        return Collections.unmodifiableSet(found.keySet());
    }

    /** The verify.state-limit finding when the flow was too large to judge, else null. */
    Finding stateLimit() {
        return stateLimit;
    }

    /** The states this explorer's searches held, all modes together. */
    long statesExplored() {
        return explored;
    }

    /** Whether the spec's budget ran out during this search (the meter says which part): no verdict. */
    boolean outOfBudget() {
        return outOfBudget;
    }

    /**
     * The execution this search found for {@code key} (a valid trace ending at the offending
     * step; for a deadlock, also where each actor stopped), or null if it found none.
     */
    FlowWitness witness(FlowKey key) {
        List<Integer> moves = found.get(key);
        if (moves == null) {
            return null;
        }
        int[] pc = new int[flow.actors().size()];
        moves.forEach(a -> pc[a]++);
        return new FlowWitness(replay(moves), key.isDeadlock() ? pc : null);
    }

    /**
     * Searches in mode {@code m}. Beyond {@code limit} states: false if {@code limit} is below
     * the per-flow bound (the caller tries a cheaper mode), else true with {@code verify.state-limit}.
     * Beyond the states left in the meter, or at its deadline: true with {@link #outOfBudget}.
     */
    private boolean search(Mode m, int limit) {
        try {
            return explore(m, limit, meter.statesLeft());
        } finally {
            meter.spend(parent.size());
            explored += parent.size();
        }
    }

    private boolean explore(Mode m, int limit, long statesLeft) {
        mode = m;
        parent = new HashMap<>();
        found = new LinkedHashMap<>();
        stateLimit = null;
        State start = new State(new int[flow.actors().size()], BufferState.initial(acceptance.all()));
        ArrayDeque<State> queue = new ArrayDeque<>();
        parent.put(start, null);
        queue.add(start);
        int actors = flow.actors().size();
        BufferState.Outcome[] outcomes = new BufferState.Outcome[actors];
        int polled = 0;
        while (!queue.isEmpty()) {
            if (parent.size() > limit || parent.size() * bytesPerState > MAX_BYTES) {
                if (limit < maxStatesReported && parent.size() * bytesPerState <= MAX_BYTES) {
                    return false;
                }
                recordStateLimit();
                break;
            }
            if (parent.size() > statesLeft || (++polled % 1024 == 0 && meter.timeUp())) {
                meter.exhaust(parent.size() > statesLeft ? WorkMeter.Resource.STATES : WorkMeter.Resource.TIME, flow);
                outOfBudget = true;
                break;
            }
            State s = queue.poll();
            boolean moved = false;
            boolean finished = true;
            // Evaluate every enabled step (findings), remembering which can move on.
            boolean[] enabled = new boolean[actors];
            for (int i = 0; i < actors; i++) {
                outcomes[i] = null;
                Actor actor = flow.actors().get(i);
                if (s.pc[i] >= actor.steps().size()) {
                    continue;
                }
                finished = false;
                Step step = actor.steps().get(s.pc[i]);
                if (step instanceof WaitStep w) {
                    if (layout.satisfied(s.pc, w)) {
                        moved = true;
                        enabled[i] = true;
                    }
                    continue;
                }
                moved = true;
                DeviceStep d = (DeviceStep) step;
                BufferState.Outcome o = layout.apply(s.buffer, d);
                outcomes[i] = o;
                if (o.rule() != null) {
                    record(o.rule(), d, s, i);
                }
                enabled[i] = !o.failed();
            }
            if (!moved && !finished) {
                recordDeadlock(s);
                continue;
            }
            int only = mode == Mode.REDUCED ? persistentStep(s, enabled) : -1;
            for (int i = 0; i < actors; i++) {
                if (enabled[i] && (only < 0 || only == i)) {
                    BufferState next = outcomes[i] == null ? s.buffer : outcomes[i].next();
                    visit(queue, s, new State(advance(s.pc, i), next), i);
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ the reduction

    /**
     * The first actor (declaration order) whose enabled step is independent of every step
     * another actor could run before it, or -1 when there is none (expand everything).
     */
    private int persistentStep(State s, boolean[] enabled) {
        long safeMask = 0;
        boolean safeMaskKnown = false;
        for (int i = 0; i < enabled.length; i++) {
            if (!enabled[i]) {
                continue;
            }
            int y = order.id(i, s.pc[i]);
            if (order.kind(y) == StepOrder.Kind.WAIT) {
                return i;
            }
            if (order.kind(y) == StepOrder.Kind.ATTACH && !safeMaskKnown) {
                safeMask = safeMask(s);
                safeMaskKnown = true;
            }
            if (independentOfOthers(s, i, y, safeMask)) {
                return i;
            }
        }
        return -1;
    }

    private boolean independentOfOthers(State s, int i, int y, long safeMask) {
        boolean allocated = s.buffer.chosen() >= 0;
        for (int j = 0; j < order.actors(); j++) {
            if (j == i) {
                continue;
            }
            for (int k = s.pc[j]; k < order.length(j); k++) {
                int z = order.id(j, k);
                if (order.mustPrecede(y, z)) {
                    break; // so do all later steps of actor j
                }
                if (!independent(y, z, allocated, safeMask)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether steps {@code y} and {@code z} of different actors commute in every state the
     * search can reach from here before {@code y} runs: either order gives the same state,
     * neither changes the other's outcome. Different devices only. A wait touches no buffer.
     * After allocation the mask is read by no outcome (attach checks the chosen allocator),
     * so steps on different devices commute. Before it, unmap and detach change neither the
     * mask nor the allocation; two maps choose the same top of an unchanged mask; two
     * attaches commute when no attach left can empty the mask ({@code safeMask} non-empty);
     * an attach and a map do not commute (the map's choice, the attach's outcome).
     */
    private boolean independent(int y, int z, boolean allocated, long safeMask) {
        StepOrder.Kind ky = order.kind(y);
        StepOrder.Kind kz = order.kind(z);
        if (ky == StepOrder.Kind.WAIT || kz == StepOrder.Kind.WAIT) {
            return true;
        }
        if (order.devBit(y) == order.devBit(z)) {
            return false;
        }
        if (allocated) {
            return true;
        }
        if (releases(ky) || releases(kz)) {
            return true;
        }
        if (ky == StepOrder.Kind.MAP && kz == StepOrder.Kind.MAP) {
            return true;
        }
        return ky == StepOrder.Kind.ATTACH && kz == StepOrder.Kind.ATTACH && safeMask != 0;
    }

    private static boolean releases(StepOrder.Kind k) {
        return k == StepOrder.Kind.UNMAP || k == StepOrder.Kind.DETACH;
    }

    /** The mask left if every attach not yet run ran now: while non-empty, no attach is rejected. */
    private long safeMask(State s) {
        long m = s.buffer.mask();
        for (int j = 0; j < order.actors(); j++) {
            for (int k = s.pc[j]; k < order.length(j); k++) {
                int z = order.id(j, k);
                if (order.kind(z) == StepOrder.Kind.ATTACH) {
                    m &= order.devMask(z);
                }
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ states and traces

    private static int[] advance(int[] pc, int actor) {
        int[] next = pc.clone();
        next[actor]++;
        return next;
    }

    private void visit(ArrayDeque<State> queue, State from, State next, int actor) {
        if (!parent.containsKey(next)) {
            parent.put(next, new Edge(from, actor));
            queue.add(next);
        }
    }

    private TraceStep trace(Actor actor, Step step, BufferState after) {
        Optional<String> chosen = after.chosen() < 0
                ? Optional.empty()
                : Optional.of(spec.allocators().get(after.chosen()).name());
        return new TraceStep(actor.name(), step.text(), step.loc(), acceptance.names(after.mask()), chosen);
    }

    /** The actors whose steps lead from the start to {@code s}, in order. */
    private List<Integer> movesTo(State s) {
        List<Integer> moves = new ArrayList<>();
        for (Edge e = parent.get(s); e != null; e = parent.get(e.from)) {
            moves.add(e.actor);
        }
        Collections.reverse(moves);
        return moves;
    }

    /** Replays {@code moves} from the start: each step with the buffer after it. */
    private List<TraceStep> replay(List<Integer> moves) {
        List<TraceStep> out = new ArrayList<>();
        int[] pc = new int[flow.actors().size()];
        BufferState b = BufferState.initial(acceptance.all());
        for (int a : moves) {
            Actor actor = flow.actors().get(a);
            Step step = actor.steps().get(pc[a]++);
            if (step instanceof DeviceStep d) {
                BufferState.Outcome o = layout.apply(b, d);
                if (!o.failed()) {
                    b = o.next();
                }
            }
            out.add(trace(actor, step, b));
        }
        return out;
    }

    /**
     * The moves to {@code before} followed by actor {@code actor}'s step; in the reduced mode
     * shortened: a step is dropped whenever the rest is still an execution ending with that
     * step and outcome {@code id} (deterministic; the full search's paths are already shortest).
     */
    private List<Integer> movesFor(Rule id, State before, int actor) {
        List<Integer> moves = movesTo(before);
        moves.add(actor);
        if (mode != Mode.REDUCED || moves.size() > 400) {
            return moves;
        }
        int target = before.pc[actor];
        boolean shrunk = true;
        while (shrunk) {
            shrunk = false;
            for (int p = moves.size() - 2; p >= 0; p--) {
                List<Integer> shorter = new ArrayList<>(moves);
                shorter.remove(p);
                if (endsWith(shorter, actor, target, id)) {
                    moves = shorter;
                    shrunk = true;
                }
            }
        }
        return moves;
    }

    /** Whether {@code moves} is an execution whose last step is step {@code index} of {@code actor} with outcome {@code id}. */
    private boolean endsWith(List<Integer> moves, int actor, int index, Rule id) {
        int[] pc = new int[flow.actors().size()];
        BufferState b = BufferState.initial(acceptance.all());
        for (int p = 0; p < moves.size(); p++) {
            int a = moves.get(p);
            List<Step> steps = flow.actors().get(a).steps();
            if (pc[a] >= steps.size()) {
                return false;
            }
            Step step = steps.get(pc[a]);
            boolean last = p == moves.size() - 1;
            if (step instanceof WaitStep w) {
                if (last || !layout.satisfied(pc, w)) {
                    return false;
                }
            } else {
                BufferState.Outcome o = layout.apply(b, (DeviceStep) step);
                if (last) {
                    return a == actor && pc[a] == index && id == o.rule();
                }
                if (o.failed()) {
                    return false;
                }
                b = o.next();
            }
            pc[a]++;
        }
        return false;
    }

    // ------------------------------------------------------------------ findings

    private void record(Rule id, DeviceStep step, State before, int actor) {
        found.computeIfAbsent(FlowKey.of(id, step), k -> movesFor(id, before, actor));
    }

    private void recordDeadlock(State s) {
        found.computeIfAbsent(FlowKey.DEADLOCK, k -> movesTo(s));
    }

    private void recordStateLimit() {
        stateLimit = Finding.of(
                org.censpec.model.rules.VerifyRules.STATE_LIMIT,
                new Subject.Of(flow),
                flow.loc(),
                "flow "
                        + flow.name() + " has more than " + Math.min(maxStatesReported, MAX_BYTES / bytesPerState)
                        + " reachable states; split it into smaller flows");
    }
}
