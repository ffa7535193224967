package org.censpec.verify.alloy;

import edu.mit.csail.sdg.alloy4.Err;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.ExprVar;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.A4TupleSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import kodkod.engine.satlab.SATFactory;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.Subject;
import org.censpec.model.TraceStep;
import org.censpec.model.WaitStep;
import org.censpec.model.rules.SemanticRules;
import org.censpec.model.rules.VerifyRules;
import org.censpec.model.semantics.BufferState;
import org.censpec.verify.alloy.AlloyModel.CommandInfo;
import org.censpec.verify.alloy.AlloyModel.FlowNames;
import org.censpec.verify.alloy.AlloyModel.OutcomeRef;
import org.censpec.verify.alloy.AlloyModel.StepRef;
import org.censpec.verify.direct.DirectFlowSearch;
import org.censpec.verify.direct.FlowLayout;
import org.censpec.verify.findings.FindingBuilder;
import org.censpec.verify.findings.FlowKey;

/** Runs commands of one parsed model on one thread and turns their instances into findings. */
final class CommandRunner {

    /** State shared by the worker threads of one check. */
    record Shared(
            Spec spec,
            AlloyModel model,
            SATFactory solver,
            Candidates.Hints hints,
            List<Finding> findings,
            Map<String, AlloyChecker.CommandStats> stats,
            Map<Flow, CommandInfo> nonvacuity,
            Map<Flow, CommandInfo> flowCommands,
            java.util.Queue<CommandInfo> queue,
            java.util.concurrent.atomic.AtomicInteger outstanding) {}

    private final Shared shared;
    private final AlloyWorld world;
    private final A4Options options = new A4Options();
    private final org.censpec.model.semantics.Acceptance acceptance;
    private final FindingBuilder builder;

    private final java.util.concurrent.atomic.AtomicReference<CommandInfo> current;

    CommandRunner(Shared shared, String path, java.util.concurrent.atomic.AtomicReference<CommandInfo> current)
            throws Err {
        this.shared = shared;
        this.current = current;
        this.world = new AlloyWorld(shared.model(), path);
        this.acceptance = new org.censpec.model.semantics.Acceptance(shared.spec());
        this.builder = new FindingBuilder(shared.spec(), acceptance, DirectFlowSearch.INSTANCE);
        options.solver = shared.solver();
        options.skolemDepth = 0;
        // Every atom is a distinct one sig, so there is no symmetry to break; detecting it costs ~20%.
        options.symmetry = 0;
        options.noOverflow = false; // no integers; true makes Pardinus call toString on every expression
    }

    void run(CommandInfo c) throws Err {
        long t0 = System.nanoTime();
        readNanos = 0;
        int[] solves = {0};
        boolean first = switch (c.kind()) {
            case DEVICES -> devices(c, solves);
            case SHARES -> shares(c, solves);
            case ALLOCATORS -> allocators(c, solves);
            case SIZES -> sizes(c, solves);
            case MAPS -> maps(c, solves);
            case FLOW -> flow(c, solves);
            case NONVACUITY -> nonvacuity(c, solves);
        };
        shared.stats()
                .put(
                        c.label(),
                        new AlloyChecker.CommandStats(
                                c.label(),
                                first,
                                solves[0],
                                (System.nanoTime() - t0) / 1_000_000,
                                readNanos / 1_000_000));
    }

    private long readNanos;

    private A4Solution solve(Command cmd, int[] solves) throws Err {
        solves[0]++;
        return world.execute(cmd, options);
    }

    private void add(Finding f) {
        shared.findings().add(f);
    }

    // ------------------------------------------------------------------ reading instances

    private List<Object> elements(A4TupleSet set, int column) {
        List<Object> out = new ArrayList<>();
        for (A4Tuple t : set) {
            out.add(world.elementOf.get(t.sig(column)));
        }
        return out;
    }

    private A4TupleSet evalSet(A4Solution sol, String expr) throws Err {
        return (A4TupleSet) sol.eval(world.expr(expr));
    }

    private static A4TupleSet evalSet(A4Solution sol, Expr expr) throws Err {
        return (A4TupleSet) sol.eval(expr);
    }

    private <T> List<T> evalElements(A4Solution sol, String expr, Class<T> type) throws Err {
        List<T> out = new ArrayList<>();
        for (Object o : elements(evalSet(sol, expr), 0)) {
            out.add(type.cast(o));
        }
        return out;
    }

    private static String names(List<? extends org.censpec.model.Element> es) {
        return es.stream().map(org.censpec.model.Element::name).collect(Collectors.joining(", "));
    }

    private static String set(List<? extends org.censpec.model.Element> es) {
        return "{" + names(es) + "}";
    }

    // ------------------------------------------------------------------ static commands

    private boolean devices(CommandInfo c, int[] solves) throws Err {
        A4Solution sol = solve(world.command(c.index()), solves);
        if (!sol.satisfiable()) {
            return false;
        }
        for (Device d : evalElements(sol, "{ d: Device | no d.accepts }", Device.class)) {
            add(builder.deviceUnsatisfiable(d));
        }
        return true;
    }

    private boolean shares(CommandInfo c, int[] solves) throws Err {
        A4Solution sol = solve(world.command(c.index()), solves);
        if (!sol.satisfiable()) {
            return false;
        }
        for (Share s : evalElements(sol, "{ s: Share | no commonAllocs[s.members] }", Share.class)) {
            add(builder.shareEmpty(s));
        }
        return true;
    }

    private boolean sizes(CommandInfo c, int[] solves) throws Err {
        A4Solution sol = solve(world.command(c.index()), solves);
        if (!sol.satisfiable()) {
            return false;
        }
        for (Share s : evalElements(
                sol,
                "{ s: Share | some s.maxSize and some commonAllocs[s.members] and "
                        + "no a: commonAllocs[s.members] | (s.maxSize -> a.capacity) in sizeLE }",
                Share.class)) {
            add(builder.shareTooLarge(s));
        }
        return true;
    }

    private boolean maps(CommandInfo c, int[] solves) throws Err {
        A4Solution sol = solve(world.command(c.index()), solves);
        if (!sol.satisfiable()) {
            return false;
        }
        for (Object o : elements(evalSet(sol, "{ f: Flow | no f.flowSteps & Maps }"), 0)) {
            add(builder.neverMaps((Flow) o));
        }
        return true;
    }

    private boolean allocators(CommandInfo c, int[] solves) throws Err {
        A4Solution sol = solve(world.command(c.index()), solves);
        if (!sol.satisfiable()) {
            return false;
        }
        for (Allocator a : evalElements(sol, "Allocator - usedAllocs", Allocator.class)) {
            add(builder.allocatorUnused(a));
        }
        return true;
    }

    // ------------------------------------------------------------------ flows

    /** The skolem of variable {@code var} of the top-level existential in pred {@code pred}. */
    private static ExprVar skolem(A4Solution sol, String pred, String var) {
        String label = "$" + pred + "_" + var;
        for (ExprVar v : sol.getAllSkolems()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new IllegalStateException("no skolem " + label + " among " + sol.getAllSkolems());
    }

    /**
     * A flow's findings command. The candidates another engine reported ({@link Candidates}) are decided first,
     * all in one solve of a constant formula; the confirmed ones are excluded and the search solved: while it is
     * satisfiable, the instance's finding is read (its execution replayed through the step semantics), excluded,
     * and the search solved again. The last, unsatisfiable solve proves the flow has no other finding. The
     * verdict recorded for the printed command ({@code run findings_f}, no exclusions) is whether the flow has
     * a finding at all.
     */
    private boolean flow(CommandInfo c, int[] solves) throws Err {
        Flow flow = c.flow();
        FlowNames n = world.names(flow);
        Command base = world.command(c.index());
        Set<FlowKey> keys = confirmed(base, n, solves);
        Twins twins = Twins.of(flow);
        A4Solution sol = solve(keys.isEmpty() ? base : base.change(excluding(n, keys)), solves);
        while (sol.satisfiable()) {
            long e0 = System.nanoTime();
            List<FlowKey> found = read(sol, n, twins);
            if (!keys.add(found.get(0))) {
                throw new IllegalStateException("finding " + found.get(0) + " was excluded but found again");
            }
            keys.addAll(found);
            readNanos += System.nanoTime() - e0;
            sol = solve(base.change(excluding(n, keys)), solves);
        }
        if (!keys.isEmpty()) {
            shared.findings().addAll(builder.flow(flow, keys));
        } else {
            // No finding: the flow's non-vacuity run must show a complete error-free execution.
            pendingNonvacuity.add(shared.nonvacuity().get(flow));
        }
        return !keys.isEmpty();
    }

    /**
     * The finding of an instance (its key), after replaying its execution; then the same finding at the same step
     * of each twin of the target's actor ({@link Twins}), each after replaying the execution with the two swapped.
     */
    private List<FlowKey> read(A4Solution sol, FlowNames n, Twins twins) throws Err {
        Optional<StepRef> target =
                one(evalSet(sol, skolem(sol, n.searchPred(), "target")), 0).map(StepRef.class::cast);
        String id = ((OutcomeRef) one(evalSet(sol, skolem(sol, n.searchPred(), "found")), 0)
                        .orElseThrow())
                .id();
        List<StepRef> order = execution(sol, n, target);
        replay(n.flow(), id, target, order);
        List<FlowKey> out = new ArrayList<>();
        out.add(
                target.isPresent()
                        ? FlowKey.of(SemanticRules.flowRule(id), target.get().step())
                        : FlowKey.DEADLOCK);
        if (target.isPresent()) {
            int a = n.flow().actors().indexOf(target.get().actor());
            for (int b : twins.of(a)) {
                StepRef twin = twins.swap(target.get(), a, b);
                replay(n.flow(), id, Optional.of(twin), order == null ? null : swapped(order, twins, a, b));
                out.add(FlowKey.of(SemanticRules.flowRule(id), twin.step()));
            }
        }
        return out;
    }

    private static List<StepRef> swapped(List<StepRef> order, Twins twins, int a, int b) {
        return order.stream().map(s -> twins.swap(s, a, b)).toList();
    }

    /**
     * The candidates of the flow that the model confirms: all decided in one solve of the conjunction of their
     * {@code finding} formulas (constants only: no search), one by one only when that conjunction fails.
     */
    private Set<FlowKey> confirmed(Command base, FlowNames n, int[] solves) throws Err {
        Set<FlowKey> out = new LinkedHashSet<>();
        Map<FlowKey, List<TraceStep>> hinted = shared.hints().of(n.flow());
        if (hinted.isEmpty()) {
            return out;
        }
        Candidates candidates = new Candidates(world, n);
        Map<FlowKey, Expr> formulas = new LinkedHashMap<>();
        for (Map.Entry<FlowKey, List<TraceStep>> e : hinted.entrySet()) {
            Expr f = candidates.finding(e.getKey(), e.getValue());
            if (f != null) {
                formulas.put(e.getKey(), f);
            }
        }
        if (formulas.isEmpty()) {
            return out;
        }
        Expr all = formulas.values().stream().reduce(Expr::and).orElseThrow();
        if (solve(base.change(all), solves).satisfiable()) {
            out.addAll(formulas.keySet());
            return out;
        }
        for (Map.Entry<FlowKey, Expr> e : formulas.entrySet()) {
            if (solve(base.change(e.getValue()), solves).satisfiable()) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** The search predicate called with every finding of {@code keys} excluded. */
    private Expr excluding(FlowNames n, Set<FlowKey> keys) throws Err {
        List<String> excluded = new ArrayList<>();
        boolean deadlock = false;
        for (FlowKey k : keys) {
            if (k.isDeadlock()) {
                deadlock = true;
                continue;
            }
            for (Map.Entry<Step, String> s : n.stepSigs().entrySet()) {
                if (s.getKey().loc().equals(k.at())) {
                    excluded.add(s.getValue() + "->" + outcomeSig(k.rule().id()));
                }
            }
        }
        return world.expr(n.searchPred() + "[" + (excluded.isEmpty() ? "none -> none" : String.join(" + ", excluded))
                + ", " + (deadlock ? n.flowSig() : "none") + "]");
    }

    /**
     * The execution of the instance, waits included ({@link ExecutionOrder}); null when the instance
     * admits none (the replay then reports it).
     */
    private List<StepRef> execution(A4Solution sol, FlowNames n, Optional<StepRef> target) throws Err {
        FlowFacts facts = n.facts();
        BitSet done = indices(facts, evalSet(sol, skolem(sol, n.searchPred(), "done")));
        BitSet early = indices(facts, evalSet(sol, skolem(sol, n.searchPred(), "early")));
        BitSet first = indices(facts, evalSet(sol, skolem(sol, n.searchPred(), "first")));
        List<int[]> hb = new ArrayList<>();
        for (A4Tuple t : evalSet(sol, skolem(sol, n.searchPred(), "hb"))) {
            hb.add(new int[] {
                index(facts, (StepRef) world.elementOf.get(t.sig(0))),
                index(facts, (StepRef) world.elementOf.get(t.sig(1)))
            });
        }
        ExecutionOrder.Instance in = new ExecutionOrder.Instance(
                done,
                target.map(t -> index(facts, t)).orElse(null),
                early,
                first.isEmpty() ? null : first.nextSetBit(0),
                hb);
        List<Integer> steps = ExecutionOrder.of(facts.order, facts.cover, in, target.isEmpty());
        if (steps == null) {
            return null;
        }
        List<StepRef> out = new ArrayList<>();
        for (int x : steps) {
            int a = facts.order.actor(x);
            org.censpec.model.Actor actor = n.flow().actors().get(a);
            int k = x - facts.order.index(a, 0);
            out.add(new StepRef(n.flow(), actor, k, actor.steps().get(k)));
        }
        return out;
    }

    private BitSet indices(FlowFacts facts, A4TupleSet set) {
        BitSet out = new BitSet();
        for (A4Tuple t : set) {
            out.set(index(facts, (StepRef) world.elementOf.get(t.sig(0))));
        }
        return out;
    }

    private static int index(FlowFacts facts, StepRef s) {
        List<org.censpec.model.Actor> actors = s.flow().actors();
        for (int a = 0; a < actors.size(); a++) {
            if (actors.get(a) == s.actor()) {
                return facts.order.index(a, s.index());
            }
        }
        throw new IllegalStateException("no actor " + s.actor().name());
    }

    static String outcomeSig(String id) {
        return AlloyModelGenerator.OUTCOMES.entrySet().stream()
                .filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    private Optional<Object> one(A4TupleSet set, int column) {
        List<Object> es = elements(set, column);
        if (es.size() > 1) {
            throw new IllegalStateException("expected at most one atom, got " + es);
        }
        return es.stream().findFirst();
    }

    /**
     * Replays the Alloy instance's execution through the direct checker's step semantics: every
     * step before the target must succeed (warnings allowed) and the target must end with the
     * outcome Alloy found; for a deadlock, the replay must leave every unfinished actor blocked.
     * A witness that does not replay is a disagreement of the engines (verify.mismatch).
     */
    private void replay(Flow flow, String id, Optional<StepRef> target, List<StepRef> order) {
        FlowLayout layout = new FlowLayout(shared.spec(), flow, acceptance);
        BufferState state = BufferState.initial(acceptance.all());
        int[] pc = new int[flow.actors().size()];
        String problem = order == null ? "its constraints admit no execution" : null;
        boolean reached = false;
        for (StepRef s : order == null ? List.<StepRef>of() : order) {
            int a = flow.actors().indexOf(s.actor());
            if (pc[a] != s.index() || (s.step() instanceof WaitStep w && !layout.satisfied(pc, w))) {
                problem = "step " + s.step().loc() + " runs out of order";
                break;
            }
            if (s.step() instanceof DeviceStep d) {
                BufferState.Outcome o = layout.apply(state, d);
                boolean last = target.isPresent() && target.get().equals(s);
                if (last) {
                    reached = true;
                    if (!id.equals(o.id())) {
                        problem = "its last step " + d.loc() + " ends with " + o.id() + ", not " + id;
                    }
                    break;
                }
                if (o.failed()) {
                    problem = "step " + d.loc() + " fails with " + o.id() + " before the target";
                    break;
                }
                state = o.next();
            }
            pc[a]++;
        }
        if (problem == null && target.isPresent() && !reached) {
            problem = "its execution never reaches " + target.get().step().loc();
        }
        if (problem == null && target.isEmpty()) {
            for (int a = 0; a < pc.length; a++) {
                List<Step> steps = flow.actors().get(a).steps();
                if (pc[a] < steps.size() && !(steps.get(pc[a]) instanceof WaitStep w && !layout.satisfied(pc, w))) {
                    problem = "actor " + flow.actors().get(a).name() + " can still move";
                }
            }
        }
        if (problem != null) {
            add(Finding.of(
                    VerifyRules.MISMATCH,
                    new Subject.Of(flow),
                    flow.loc(),
                    "internal error: the Alloy witness of "
                            + id + " in flow " + flow.name() + " does not replay in the direct checker: " + problem
                            + " (please report this spec)"));
        }
    }

    // ------------------------------------------------------------------ non-vacuity

    private final List<CommandInfo> pendingNonvacuity = new ArrayList<>();

    /**
     * Runs the held-back non-vacuity commands as one command whose formula is the conjunction
     * of theirs (each is a top-level existential, so Alloy skolemizes them all): satisfiable
     * iff each of them is. If it is not, each runs alone to name the vacuous flow.
     */
    void flushNonvacuity() throws Err {
        if (pendingNonvacuity.isEmpty()) {
            return;
        }
        List<CommandInfo> batch = new ArrayList<>(pendingNonvacuity);
        pendingNonvacuity.clear();
        if (batch.size() == 1) {
            current.set(batch.get(0));
            run(batch.get(0));
            current.set(null);
            return;
        }
        long t0 = System.nanoTime();
        Command first = world.command(batch.get(0).index());
        Expr all = first.formula;
        for (CommandInfo c : batch.subList(1, batch.size())) {
            all = all.and(world.command(c.index()).formula);
        }
        current.set(batch.get(0));
        A4Solution sol = world.execute(first.change(all), options);
        current.set(null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!sol.satisfiable()) {
            for (CommandInfo c : batch) {
                current.set(c);
                run(c);
                current.set(null);
            }
            return;
        }
        for (CommandInfo c : batch) {
            checkComplete(c, sol);
            shared.stats().put(c.label(), new AlloyChecker.CommandStats(c.label(), true, 1, ms / batch.size(), 0));
        }
    }

    private boolean nonvacuity(CommandInfo c, int[] solves) throws Err {
        Flow f = c.flow();
        FlowNames n = world.names(f);
        A4Solution sol = solve(world.command(c.index()), solves);
        if (!sol.satisfiable()) {
            add(Finding.of(
                    VerifyRules.INTERNAL,
                    new Subject.Of(f),
                    f.loc(),
                    "internal error: the Alloy non-vacuity run " + c.label()
                            + " found no instance, so the model of flow " + f.name() + " is contradictory"));
            return false;
        }
        checkComplete(c, sol);
        return true;
    }

    /** In a non-vacuity instance, a flow without findings must show a complete execution. */
    private void checkComplete(CommandInfo c, A4Solution sol) throws Err {
        Flow f = c.flow();
        FlowNames n = world.names(f);
        if (sol.getAllSkolems().stream().noneMatch(v -> v.label.equals("$" + n.livePred() + "_hb"))) {
            return; // the run states complete[...] of a listed order: satisfiable means it holds
        }
        Object ok = sol.eval(world.func("complete")
                .call(
                        world.sig(n.stepsSig()),
                        world.sig(n.actorsSig()),
                        skolem(sol, n.livePred(), "hb"),
                        skolem(sol, n.livePred(), "early"),
                        skolem(sol, n.livePred(), "first")));
        if (!Boolean.TRUE.equals(ok)) {
            add(Finding.of(
                    VerifyRules.INTERNAL,
                    new Subject.Of(f),
                    f.loc(),
                    "internal error: flow " + f.name()
                            + " has no finding but the Alloy model shows no complete execution of it"));
        }
    }
}
