package org.censpec.verify.alloy;

import edu.mit.csail.sdg.alloy4.Err;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.Sig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Operation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.TraceStep;
import org.censpec.verify.alloy.AlloyModel.FlowNames;
import org.censpec.verify.findings.FlowKey;

/**
 * Findings another engine (the direct checker, in {@code censpec check}) reports for a flow, each checked by
 * the Alloy model: its execution (the trace the finding carries) is written as the model's constants
 * (done, target, early, first, hb, found) and the model's {@code finding} predicate is decided on them. A
 * candidate the model confirms is a finding of the model, shown by that execution; the checker then excludes
 * every confirmed one and solves the flow's search, so the model's own search still proves that no other
 * finding exists (docs/alloy-encoding.md, "Enumerating findings"). A candidate the model rejects is neither
 * reported nor excluded: the search finds it if it exists.
 */
final class Candidates {
    /** The candidates of a check, per flow: finding key -> its trace. */
    record Hints(Map<Flow, Map<FlowKey, List<TraceStep>>> byFlow) {
        static final Hints NONE = new Hints(Map.of());

        /** The flow findings of {@code findings} (an engine's findings of {@code spec}), by flow and key. */
        static Hints of(Spec spec, List<Finding> findings) {
            Map<Flow, Map<FlowKey, List<TraceStep>>> out = new java.util.IdentityHashMap<>();
            for (Finding f : findings) {
                if (!f.id().startsWith("flow.") || f.id().equals("flow.never-maps")) {
                    continue;
                }
                for (Flow flow : spec.flows()) {
                    FlowKey key = key(flow, f);
                    if (key != null) {
                        out.computeIfAbsent(flow, k -> new LinkedHashMap<>()).put(key, f.trace());
                    }
                }
            }
            return new Hints(out);
        }

        private static FlowKey key(Flow flow, Finding f) {
            if (f.rule().equals(FlowKey.DEADLOCK.rule())) {
                return f.loc().equals(flow.loc()) ? FlowKey.DEADLOCK : null;
            }
            for (Actor a : flow.actors()) {
                for (Step s : a.steps()) {
                    if (s instanceof DeviceStep && s.loc().equals(f.loc())) {
                        return FlowKey.of(f.rule(), s);
                    }
                }
            }
            return null;
        }

        Map<FlowKey, List<TraceStep>> of(Flow flow) {
            return byFlow.getOrDefault(flow, Map.of());
        }
    }

    private final AlloyWorld world;
    private final FlowNames names;

    Candidates(AlloyWorld world, FlowNames names) {
        this.world = world;
        this.names = names;
    }

    /**
     * The model's {@code finding} predicate applied to the constants of {@code trace}'s execution for the
     * finding {@code key}; null when the trace is not a run of this flow. A constant formula: solving it is
     * deciding it.
     */
    Expr finding(FlowKey key, List<TraceStep> trace) throws Err {
        List<Integer> run = steps(trace);
        if (run == null) {
            return null;
        }
        boolean deadlock = key.isDeadlock();
        String id = key.rule().id();
        Integer target = deadlock || run.isEmpty() ? null : run.remove(run.size() - 1);
        FlowFacts facts = names.facts();
        List<Integer> done = run.stream()
                .filter(x -> facts.order.step(x) instanceof DeviceStep)
                .toList();
        int firstMap = 0;
        while (firstMap < done.size() && facts.device(done.get(firstMap)).op() != Operation.MAP) {
            firstMap++;
        }
        List<Integer> racy =
                new ArrayList<>(done.stream().filter(facts.ordered::get).toList());
        if (target != null && facts.ordered.get(target)) {
            racy.add(target);
        }
        Expr hb = Sig.NONE.product(Sig.NONE);
        for (int i = 1; i < racy.size(); i++) {
            hb = hb.plus(atom(racy.get(i - 1)).product(atom(racy.get(i))));
        }
        return world.func("finding")
                .call(
                        world.sig(names.stepsSig()),
                        world.sig(names.actorsSig()),
                        racy.size() > 1 ? hb.closure() : hb,
                        set(done),
                        target == null ? Sig.NONE : atom(target),
                        set(done.subList(0, firstMap)),
                        firstMap < done.size() ? atom(done.get(firstMap)) : Sig.NONE,
                        world.sig(CommandRunner.outcomeSig(id)));
    }

    /** The trace's steps by number ({@link StaticOrder}), or null when it is not a run of this flow. */
    private List<Integer> steps(List<TraceStep> trace) {
        Flow flow = names.flow();
        Map<String, Integer> actorIndex = new LinkedHashMap<>();
        for (int a = 0; a < flow.actors().size(); a++) {
            actorIndex.putIfAbsent(flow.actors().get(a).name(), a);
        }
        int[] pc = new int[flow.actors().size()];
        List<Integer> out = new ArrayList<>();
        for (TraceStep t : trace) {
            Integer a = actorIndex.get(t.actor());
            if (a == null) {
                return null;
            }
            Actor actor = flow.actors().get(a);
            if (pc[a] >= actor.steps().size() || !actor.steps().get(pc[a]).loc().equals(t.loc())) {
                return null;
            }
            out.add(names.facts().order.index(a, pc[a]++));
        }
        return out;
    }

    private Expr atom(int x) {
        Step s = names.facts().order.step(x);
        return world.sig(names.stepSigs().get(s));
    }

    private Expr set(List<Integer> xs) {
        Expr out = Sig.NONE;
        for (int x : xs) {
            out = out.plus(atom(x));
        }
        return out;
    }
}
