package org.censpec.verify.alloy;

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
    private Map<Device, List<Allocator>> accepts;

    private final java.util.concurrent.atomic.AtomicReference<CommandInfo> current;

    CommandRunner(Shared shared, String path, java.util.concurrent.atomic.AtomicReference<CommandInfo> current)
            throws Err {
        this.shared = shared;
        this.current = current;
        this.world = new AlloyWorld(shared.model(), path);
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

    /** accepts as read from an instance (constant, so read once per world). */
    private Map<Device, List<Allocator>> accepts(A4Solution sol) throws Err {
        if (accepts == null) {
            Map<Device, List<Allocator>> m = new HashMap<>();
            for (Device d : shared.spec().devices()) {
                m.put(d, new ArrayList<>());
            }
            for (A4Tuple t : evalSet(sol, "accepts")) {
                m.get((Device) world.elementOf.get(t.sig(0))).add((Allocator) world.elementOf.get(t.sig(1)));
            }
            m.values().forEach(l -> l.sort(Comparator.comparingInt(Allocator::priority)));
            accepts = m;
        }
        return accepts;
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
        Map<String, Set<String>> reasons = new LinkedHashMap<>();
        for (A4Tuple t : evalSet(sol, "{ d: Device, a: Allocator, p: Property | p in d.requires - a.provides }")) {
            reasons.computeIfAbsent(key(t), k -> new LinkedHashSet<>()).add("lacks " + name(t, 2));
        }
        for (A4Tuple t : evalSet(sol, "{ d: Device, a: Allocator, p: Property | p in d.forbids & a.provides }")) {
            reasons.computeIfAbsent(key(t), k -> new LinkedHashSet<>()).add("provides forbidden " + name(t, 2));
        }
        for (A4Tuple t : evalSet(sol, "{ d: Device, a: Allocator | (a.below -> d.reach) not in sizeLE }")) {
            Device d = (Device) world.elementOf.get(t.sig(0));
            Allocator a = (Allocator) world.elementOf.get(t.sig(1));
            reasons.computeIfAbsent(key(t), k -> new LinkedHashSet<>()).add("reaches up to "
                    + AlloyModelGenerator.sizeText(java.math.BigInteger.valueOf(a.below()))
                    + ", beyond dma_bits " + d.dmaBits());
        }
        for (A4Tuple t : evalSet(sol, "{ d: Device, a: Allocator | (d.devAlign -> a.allocAlign) not in sizeLE }")) {
            Device d = (Device) world.elementOf.get(t.sig(0));
            Allocator a = (Allocator) world.elementOf.get(t.sig(1));
            reasons.computeIfAbsent(key(t), k -> new LinkedHashSet<>()).add("aligns to "
                    + AlloyModelGenerator.sizeText(java.math.BigInteger.valueOf(a.align())) + " < "
                    + AlloyModelGenerator.sizeText(java.math.BigInteger.valueOf(d.align())));
        }
        for (Device d : evalElements(sol, "{ d: Device | no d.accepts }", Device.class)) {
            StringBuilder why = new StringBuilder();
            for (Allocator a : shared.spec().allocators()) {
                Set<String> r = reasons.get(d.name() + "\u0000" + a.name());
                why.append(why.length() == 0 ? "" : "; ").append(a.name()).append(' ')
                        .append(r == null ? "?" : String.join(", ", r));
            }
            add(Finding.error("device.unsatisfiable", d.loc(), "device " + d.name()
                    + " accepts no allocator, so no buffer it touches can be allocated"
                    + (why.length() == 0 ? " (the spec declares no allocator)" : ": " + why)));
        }
        return true;
    }

    private String key(A4Tuple t) {
        return ((org.censpec.model.Element) world.elementOf.get(t.sig(0))).name() + "\u0000"
                + ((org.censpec.model.Element) world.elementOf.get(t.sig(1))).name();
    }

    private String name(A4Tuple t, int column) {
        return ((Property) world.elementOf.get(t.sig(column))).name();
    }

    private boolean shares(CommandInfo c, int[] solves) throws Err {
        A4Solution sol = solve(world.command(c.index()), solves);
        if (!sol.satisfiable()) {
            return false;
        }
        Map<Device, List<Allocator>> acc = accepts(sol);
        for (Share s : evalElements(sol, "{ s: Share | no commonAllocs[s.members] }", Share.class)) {
            String each = s.devices().stream().distinct()
                    .map(r -> shared.spec().device(r.name()).orElseThrow())
                    .map(d -> d.name() + " accepts " + set(acc.get(d)))
                    .collect(Collectors.joining(", "));
            add(Finding.error("share.empty-intersection", s.loc(), "no allocator is accepted by every device of share "
                    + s.name() + ", so its buffers cannot be allocated: " + each));
        }
        return true;
    }

    private boolean allocators(CommandInfo c, int[] solves) throws Err {
        A4Solution sol = solve(world.command(c.index()), solves);
        if (!sol.satisfiable()) {
            return false;
        }
        Map<Device, List<Allocator>> acc = accepts(sol);
        for (Allocator a : evalElements(sol, "Allocator - usedAllocs", Allocator.class)) {
            List<Device> by = shared.spec().devices().stream().filter(d -> acc.get(d).contains(a)).toList();
            String why = by.isEmpty()
                    ? "no device accepts it"
                    : "every set of devices of a share that accepts it (devices accepting it: " + names(by)
                            + ") also accepts a higher-priority allocator";
            add(Finding.warning("allocator.unused", a.loc(), "allocator " + a.name() + " is never selected: " + why));
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
            Expr[] traceArgs = {done.plus(targetV), hb, targetV, foundV};
            // The mask after x: the allocators every device attached so far accepts. The devices come
            // from the instance (traceAttached), accepts from the model; evaluating traceMask directly
            // gives the same sets but costs ~100 ms per call on a 64-device model.
            Map<StepRef, List<Device>> attached = new HashMap<>();
            for (A4Tuple t : evalSet(sol, world.func("traceAttached").call(traceArgs))) {
                attached.computeIfAbsent((StepRef) world.elementOf.get(t.sig(0)), k -> new ArrayList<>())
                        .add((Device) world.elementOf.get(t.sig(1)));
            }
            Map<Device, List<Allocator>> acc = accepts(sol);
            Map<StepRef, List<Allocator>> mask = new HashMap<>();
            List<Allocator> last = shared.spec().allocators();
            for (StepRef s : order) {
                if (s.step() instanceof DeviceStep) {
                    List<Allocator> m = new ArrayList<>(shared.spec().allocators());
                    for (Device d : attached.getOrDefault(s, List.of())) {
                        m.retainAll(acc.get(d));
                    }
                    last = m;
                }
                mask.put(s, last); // a wait changes nothing
            }
            Optional<Object> chosenAlloc = one(evalSet(sol, world.func("traceChosen").call(traceArgs)), 0);
            Optional<Object> firstMap = one(evalSet(sol, world.func("traceFirstMap").call(traceArgs)), 0);
            Map<StepRef, Allocator> chosen = new HashMap<>();
            if (chosenAlloc.isPresent() && firstMap.isPresent()) {
                for (StepRef s : order.subList(order.indexOf((StepRef) firstMap.get()), order.size())) {
                    chosen.put(s, (Allocator) chosenAlloc.get());
                }
            }
            List<TraceStep> trace = new ArrayList<>();
            for (StepRef s : order) {
                List<String> m = mask.getOrDefault(s, List.of()).stream()
                        .sorted(Comparator.comparingInt(Allocator::priority)).map(Allocator::name).toList();
                trace.add(new TraceStep(s.actor().name(), s.step().text(), s.step().loc(), m,
                        Optional.ofNullable(chosen.get(s)).map(Allocator::name)));
            }
            add(flowFinding(flow, id, target, order, mask, chosen, accepts(sol), trace));
            readNanos += System.nanoTime() - e0;
            if (target.isPresent()) {
                excluded.add(n.stepSigs().get(target.get().step()) + "->" + outcomeSig(id));
            } else {
                deadlockExcluded = true;
            }
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

    private Finding flowFinding(Flow flow, String id, Optional<StepRef> target, List<StepRef> order,
                                Map<StepRef, List<Allocator>> mask, Map<StepRef, Allocator> chosen,
                                Map<Device, List<Allocator>> acc, List<TraceStep> trace) {
        String where = "flow " + flow.name() + ": ";
        if (target.isEmpty()) {
            Set<StepRef> ran = new HashSet<>(order);
            List<String> stuck = new ArrayList<>();
            for (Actor a : flow.actors()) {
                for (int i = 0; i < a.steps().size(); i++) {
                    Step s = a.steps().get(i);
                    if (!ran.contains(new StepRef(flow, a, i, s))) {
                        stuck.add("actor " + a.name() + " at `" + s.text() + "` (" + s.loc() + ")");
                        break;
                    }
                }
            }
            return new Finding(id, AlloyChecker.severityOf(id), flow.loc(), where + "can deadlock after "
                    + order.size() + " step(s): no actor can move and not all have finished; "
                    + String.join(", ", stuck) + " waits for a step that has not run", trace);
        }
        StepRef t = target.get();
        String step = "actor " + t.actor().name() + "'s `" + t.step().text() + "`";
        int pos = order.indexOf(t);
        StepRef prev = pos > 0 ? order.get(pos - 1) : null;
        List<Allocator> before = prev == null ? shared.spec().allocators() : mask.getOrDefault(prev, List.of());
        before = before.stream().sorted(Comparator.comparingInt(Allocator::priority)).toList();
        Allocator alloc = prev == null ? null : chosen.get(prev);
        StepRef firstMap = order.stream().filter(s -> s.step() instanceof DeviceStep ds
                && ds.op() == org.censpec.model.Operation.MAP && chosen.containsKey(s)).findFirst().orElse(null);
        String device = t.step() instanceof DeviceStep ds ? ds.device().name() : "?";
        Device dev = shared.spec().device(device).orElse(null);
        String accepted = dev == null ? "" : set(acc.getOrDefault(dev, List.of()));
        String allocatedAt = alloc == null ? "" : "the buffer was already allocated from " + alloc.name()
                + (firstMap == null ? "" : " by actor " + firstMap.actor().name() + "'s `" + firstMap.step().text()
                        + "` (" + firstMap.step().loc() + ")");
        String msg = switch (id) {
            case "flow.attach-rejected" -> step + " can leave the access mask empty (the kernel returns -EINVAL): the mask is "
                    + set(before) + " and " + device + " accepts " + accepted;
            case "flow.late-attach" -> step + " can run after allocation: " + allocatedAt + ", which " + device
                    + " does not accept (it accepts " + accepted + "; the kernel returns -EBUSY); attach " + device
                    + " before the first map";
            case "flow.attach-after-map" -> step + " can run after allocation: " + allocatedAt + "; " + device
                    + " accepts it only by luck; attach " + device + " before the first map";
            case "flow.map-before-attach" -> switch (((DeviceStep) t.step()).op()) {
                case UNMAP -> step + " can run while " + device + " is not mapped";
                default -> step + " can run while " + device + " is not attached";
            };
            case "flow.unbalanced" -> switch (((DeviceStep) t.step()).op()) {
                case ATTACH -> step + " can run while " + device + " is already attached";
                case MAP -> step + " can run while " + device + " is already mapped";
                default -> step + " can run while " + device + " is still mapped";
            };
            default -> step + ": " + id;
        };
        return new Finding(id, AlloyChecker.severityOf(id), t.step().loc(), where + msg, trace);
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
            add(Finding.error("verify.internal", f.loc(), "internal error: the Alloy non-vacuity run "
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
            add(Finding.error("verify.internal", f.loc(), "internal error: flow " + f.name()
                    + " has no finding but the Alloy model shows no complete execution of it"));
        }
    }
}
