package org.censpec.verify.alloy;

import org.censpec.model.rules.SemanticRules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Property;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.TraceStep;
import org.censpec.verify.alloy.AlloyModel.CommandInfo;
import org.censpec.verify.alloy.AlloyModel.FlowNames;
import org.censpec.verify.alloy.AlloyModel.OutcomeRef;
import org.censpec.verify.alloy.AlloyModel.StepRef;
import org.censpec.model.Subject;
import org.censpec.model.WaitStep;
import org.censpec.model.rules.VerifyRules;
import org.censpec.model.semantics.BufferState;
import org.censpec.verify.direct.FlowLayout;
import org.censpec.verify.direct.DirectFlowSearch;
import org.censpec.verify.findings.FlowKey;
import org.censpec.verify.findings.FindingBuilder;

import edu.mit.csail.sdg.alloy4.Err;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.ExprVar;
import edu.mit.csail.sdg.ast.Sig;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.A4TupleSet;
import kodkod.engine.satlab.SATFactory;

/** Runs commands of one parsed model on one thread and turns their instances into findings. */
final class CommandRunner {

    /** State shared by the worker threads of one check. */
    record Shared(Spec spec, AlloyModel model, SATFactory solver, List<Finding> findings,
                  Map<String, AlloyChecker.CommandStats> stats, Map<Flow, CommandInfo> nonvacuity,
                  Map<Flow, CommandInfo> flowCommands, java.util.Queue<CommandInfo> queue,
                  java.util.concurrent.atomic.AtomicInteger outstanding) {
    }

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
            case GROUP -> group(c, solves);
            case FLOW -> flow(c, solves);
            case NONVACUITY -> nonvacuity(c, solves);
        };
        shared.stats().put(c.label(),
                new AlloyChecker.CommandStats(c.label(), first, solves[0], (System.nanoTime() - t0) / 1_000_000,
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
        for (Share s : evalElements(sol, "{ s: Share | some s.maxSize and some commonAllocs[s.members] and "
                + "no a: commonAllocs[s.members] | (s.maxSize -> a.capacity) in sizeLE }", Share.class)) {
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

    /**
     * A group of flows: unsat means none of them has a finding (each then needs its non-vacuity
     * run); sat queues each flow's own findings command.
     */
    private boolean group(CommandInfo c, int[] solves) throws Err {
        A4Solution sol = solve(world.command(c.index()), solves);
        if (!sol.satisfiable()) {
            for (Flow f : c.group()) {
                pendingNonvacuity.add(shared.nonvacuity().get(f));
            }
            return false;
        }
        for (Flow f : c.group()) {
            shared.outstanding().incrementAndGet();
            shared.queue().add(shared.flowCommands().get(f));
        }
        return true;
    }

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

    private boolean flow(CommandInfo c, int[] solves) throws Err {
        Flow flow = c.flow();
        FlowNames n = world.names(flow);
        Command base = world.command(c.index());
        List<String> excluded = new ArrayList<>();
        Set<FlowKey> keys = new LinkedHashSet<>();
        boolean deadlockExcluded = false;
        boolean first = true;
        boolean firstSat = false;
        while (true) {
            Expr formula = first ? base.formula : world.expr(n.searchPred() + "["
                    + (excluded.isEmpty() ? "none -> none" : String.join(" + ", excluded)) + ", "
                    + (deadlockExcluded ? n.flowSig() : "none") + "]");
            A4Solution sol = solve(first ? base : base.change(formula), solves);
            if (first) {
                firstSat = sol.satisfiable();
                first = false;
            }
            if (!sol.satisfiable()) {
                break;
            }
            long e0 = System.nanoTime();
            ExprVar hb = skolem(sol, n.searchPred(), "hb");
            ExprVar done = skolem(sol, n.searchPred(), "done");
            ExprVar targetV = skolem(sol, n.searchPred(), "target");
            ExprVar foundV = skolem(sol, n.searchPred(), "found");
            Optional<StepRef> target = one(evalSet(sol, targetV), 0).map(StepRef.class::cast);
            String id = ((OutcomeRef) one(evalSet(sol, foundV), 0).orElseThrow()).id();
            // order of the executed steps: by number of hb-predecessors
            Map<StepRef, Integer> preds = new HashMap<>();
            for (Object o : elements(evalSet(sol, done), 0)) {
                preds.put((StepRef) o, 0);
            }
            target.ifPresent(t -> preds.put(t, 0));
            for (A4Tuple t : evalSet(sol, hb)) {
                StepRef after = (StepRef) world.elementOf.get(t.sig(1));
                preds.merge(after, 1, Integer::sum);
            }
            List<StepRef> deviceOrder = new ArrayList<>(preds.keySet());
            deviceOrder.sort(Comparator.comparingInt(preds::get));
            List<StepRef> order = withWaits(flow, deviceOrder, target.isEmpty());
            replay(flow, id, target, order);
            keys.add(target.isPresent() ? FlowKey.of(SemanticRules.flowRule(id), target.get().step()) : FlowKey.DEADLOCK);
            readNanos += System.nanoTime() - e0;
            if (target.isPresent()) {
                excluded.add(n.stepSigs().get(target.get().step()) + "->" + outcomeSig(id));
            } else {
                deadlockExcluded = true;
            }
        }
        if (!keys.isEmpty()) {
            shared.findings().addAll(builder.flow(flow, keys));
        }
        if (!firstSat) {
            // No finding: the flow's non-vacuity run must show a complete error-free execution.
            // Runs are batched (see flushNonvacuity): one solve proves several flows non-vacuous.
            pendingNonvacuity.add(shared.nonvacuity().get(flow));
        }
        return firstSat;
    }

    /**
     * The executed device steps in order, with the waits that ran between them (the model has no
     * wait atoms): before each device step, its actor's waits up to it (they were satisfied, as the
     * step's predecessors all ran); for a deadlock, after the last step, every wait that can still run.
     */
    private static List<StepRef> withWaits(Flow flow, List<StepRef> devices, boolean deadlock) {
        List<StepRef> out = new ArrayList<>();
        int[] pc = new int[flow.actors().size()];
        Map<org.censpec.model.Actor, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < flow.actors().size(); i++) {
            index.put(flow.actors().get(i), i);
        }
        for (StepRef d : devices) {
            int a = index.get(d.actor());
            while (pc[a] < d.index()) {
                out.add(new StepRef(flow, d.actor(), pc[a], d.actor().steps().get(pc[a])));
                pc[a]++;
            }
            out.add(d);
            pc[a]++;
        }
        if (deadlock) {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int a = 0; a < pc.length; a++) {
                    org.censpec.model.Actor actor = flow.actors().get(a);
                    if (pc[a] < actor.steps().size() && actor.steps().get(pc[a]) instanceof org.censpec.model.WaitStep w
                            && satisfied(flow, pc, w)) {
                        out.add(new StepRef(flow, actor, pc[a], w));
                        pc[a]++;
                        moved = true;
                    }
                }
            }
        }
        return out;
    }

    private static boolean satisfied(Flow flow, int[] pc, org.censpec.model.WaitStep w) {
        for (int a = 0; a < flow.actors().size(); a++) {
            org.censpec.model.Actor actor = flow.actors().get(a);
            if (actor.name().equals(w.actor().name())) {
                for (int k = 0; k < actor.steps().size(); k++) {
                    if (actor.steps().get(k).label().map(l -> l.name().equals(w.target().name())).orElse(false)) {
                        return pc[a] > k;
                    }
                }
            }
        }
        return false;
    }

    private static String outcomeSig(String id) {
        return AlloyModelGenerator.OUTCOMES.entrySet().stream().filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
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
        String problem = null;
        for (StepRef s : order) {
            int a = flow.actors().indexOf(s.actor());
            if (pc[a] != s.index() || (s.step() instanceof WaitStep w && !layout.satisfied(pc, w))) {
                problem = "step " + s.step().loc() + " runs out of order";
                break;
            }
            if (s.step() instanceof DeviceStep d) {
                BufferState.Outcome o = layout.apply(state, d);
                boolean last = target.isPresent() && target.get().equals(s);
                if (last) {
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
        if (problem == null && target.isEmpty()) {
            for (int a = 0; a < pc.length; a++) {
                List<Step> steps = flow.actors().get(a).steps();
                if (pc[a] < steps.size() && !(steps.get(pc[a]) instanceof WaitStep w && !layout.satisfied(pc, w))) {
                    problem = "actor " + flow.actors().get(a).name() + " can still move";
                }
            }
        }
        if (problem != null) {
            add(Finding.of(VerifyRules.MISMATCH, new Subject.Of(flow), flow.loc(), "internal error: the Alloy witness of "
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
            add(Finding.of(VerifyRules.INTERNAL, new Subject.Of(f), f.loc(), "internal error: the Alloy non-vacuity run "
                    + c.label() + " found no instance, so the model of flow " + f.name() + " is contradictory"));
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
        Object ok = sol.eval(world.func("complete").call(world.sig(n.stepsSig()), world.sig(n.actorsSig()),
                skolem(sol, n.livePred(), "hb"),
                skolem(sol, n.livePred(), "done"), skolem(sol, n.livePred(), "target"),
                skolem(sol, n.livePred(), "found")));
        if (!Boolean.TRUE.equals(ok)) {
            add(Finding.of(VerifyRules.INTERNAL, new Subject.Of(f), f.loc(), "internal error: flow " + f.name()
                    + " has no finding but the Alloy model shows no complete execution of it"));
        }
    }
}
