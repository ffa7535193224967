package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Step;
import org.censpec.verify.alloy.AlloyModel.ActorRef;
import org.censpec.verify.alloy.AlloyModel.FlowNames;
import org.censpec.verify.alloy.AlloyModel.StepRef;

/**
 * Writes the flows of a module: per flow its step atoms and search predicates, and the constants every
 * flow's steps contribute to ({@link #constants}). See docs/alloy-encoding.md, "Flows".
 */
final class FlowWriter {
    private final NameTable names;
    private final Function<NameRef, String> devSig;
    private final StringBuilder body = new StringBuilder();
    private final List<String> flowSigs = new ArrayList<>();
    private final Map<String, List<String[]>> tuples = new LinkedHashMap<>();

    /** The constant funs of the flows, in the order they are printed, with their Alloy type and comment. */
    private static final List<String[]> CONSTANTS = List.of(
            new String[] {"flowSteps", "Flow -> Step", "the device steps of each flow"},
            new String[] {"stepDev", "Step -> Device", "the device of each step"},
            new String[] {"Attaches", "set Step", null},
            new String[] {"Maps", "set Step", null},
            new String[] {"Unmaps", "set Step", null},
            new String[] {"Detaches", "set Step", null},
            new String[] {"Blocked", "set Step", "steps that can never run: they need a step on a cycle of waits"},
            new String[] {
                "preNext",
                "Step -> Step",
                "x -> z: x runs before z in every execution, no device step between"
                        + " them (program order and waits, the waits folded in)"
            },
            new String[] {
                "preDev",
                "Step -> Step",
                "x -> z of one device that has racy steps: x runs before z in every" + " execution"
            },
            new String[] {
                "Racy",
                "set Step",
                "the steps hb orders: those whose order against another step of their device the"
                        + " program does not fix, but the maps and unmaps of devices no actor leaves its sessions"
                        + " on between them (the session lemmas)"
            },
            new String[] {
                "preRacy",
                "Step -> Step",
                "x -> z, both in Racy: x runs before z in every execution, no step of Racy" + " between them"
            },
            new String[] {
                "SessionSafe",
                "set Step",
                "racy steps the session lemmas decide: each succeeds whenever every step before it"
                        + " did, or fails with the error FixedOutcome lists"
            },
            new String[] {
                "Borrows",
                "set Step",
                "maps that actors take between their sessions on a device with racy steps (a map/unmap pair on"
                        + " another actor's open session), and the unmaps that end them"
            },
            new String[] {
                "BorrowGated",
                "set Step",
                "racy maps and detaches the session lemmas decide up to the borrows: each fails with"
                        + " Unbalanced when a borrow of its device is open before it and else succeeds, whenever"
                        + " every step before it did"
            },
            new String[] {
                "Poison",
                "set Step",
                "harmful unmaps (taken between their actor's sessions) of devices on which, once one of them"
                        + " succeeded, no later step succeeds (the poison lemma)"
            },
            new String[] {
                "PoisonGated",
                "set Step",
                "racy unmaps the poison lemma decides: each fails with MapBeforeAttach when a Poison step"
                        + " of its device ran before it and else succeeds, whenever every step before it did"
            },
            new String[] {"raceDev", "Step -> Step", "steps of Racy of one device in no fixed order: hb must order them"
            },
            new String[] {
                "FixedOutcome",
                "Step -> Outcome",
                "a fixed step -> the error it meets on its own device in"
                        + " every execution (its device's steps before it are the same in all); a decided step"
                        + " of SessionSafe -> the error it always meets"
            },
            new String[] {"endPre", "Actor -> Step", "an actor -> the latest device steps it needs to finish"},
            new String[] {"Cyclic", "set Actor", "actors that wait on a cycle: they never finish"});

    FlowWriter(NameTable names, Function<NameRef, String> devSig) {
        this.names = names;
        this.devSig = devSig;
        for (String[] c : CONSTANTS) {
            tuples.put(c[0], new ArrayList<>());
        }
    }

    List<String> flowSigs() {
        return flowSigs;
    }

    String body() {
        return body.toString();
    }

    /** Adds an atom to a set constant. */
    private void add(String constant, String atom) {
        tuples.get(constant).add(new String[] {atom});
    }

    /** Adds a pair to a binary constant. */
    private void add(String constant, String left, String right) {
        tuples.get(constant).add(new String[] {left, right});
    }

    /** The constant funs over every flow written, one line each. */
    List<String> constants() {
        List<String> out = new ArrayList<>();
        for (String[] c : CONSTANTS) {
            if (c[2] != null) {
                out.add("-- " + c[2]);
            }
            List<String[]> t = tuples.get(c[0]);
            String body = c[1].startsWith("set ")
                    ? AlloyModelGenerator.union(t.stream().map(a -> a[0]).toList(), 1)
                    : t.isEmpty() ? "none->none" : AlloyModelGenerator.relation(t, column(c[1], 0), column(c[1], 1));
            out.add("fun " + c[0] + ": " + c[1] + " { " + body + " }");
        }
        return out;
    }

    /** The sig of column {@code i} of a binary constant's type ({@code "Step -> Device"}). */
    private static String column(String type, int i) {
        return type.split(" -> ")[i].strip();
    }

    /** Writes one flow; returns the names generated for it. */
    FlowNames write(Flow f) {
        String fsig = names.fresh("flow_" + f.name(), f);
        flowSigs.add(fsig);
        String stepsSig = names.fresh("Steps_" + f.name(), f);
        String racySig = names.fresh("Racy_" + f.name(), f);
        String fixedSig = names.fresh("Fixed_" + f.name(), f);
        String actorsSig = names.fresh("Actors_" + f.name(), f);
        FlowFacts facts = new FlowFacts(f);
        body.append("-- flow ").append(f.name()).append(" (").append(f.loc()).append(")\n");
        body.append("abstract sig ").append(stepsSig).append(" extends Step {}\n");
        body.append("abstract sig ")
                .append(racySig)
                .append(", ")
                .append(fixedSig)
                .append(" extends ")
                .append(stepsSig)
                .append(" {}\n");
        body.append("abstract sig ").append(actorsSig).append(" extends Actor {}\n");
        add("flowSteps", fsig, stepsSig);
        List<String> actorNames = new ArrayList<>();
        Map<Integer, String> stepNames = new LinkedHashMap<>();
        Map<Step, String> stepSigs = new IdentityHashMap<>();
        Map<String, List<String>> byParent = new LinkedHashMap<>();
        for (int a = 0; a < f.actors().size(); a++) {
            Actor actor = f.actors().get(a);
            String asig = names.fresh("actor_" + f.name() + "_" + actor.name(), new ActorRef(f, actor));
            actorNames.add(asig);
            body.append("one sig ")
                    .append(asig)
                    .append(" extends ")
                    .append(actorsSig)
                    .append(" {}\n");
            for (int i = 0; i < actor.steps().size(); i++) {
                int x = facts.order.index(a, i);
                String s = step(f, actor, i);
                if (s != null) {
                    stepNames.put(x, s);
                    stepSigs.put(actor.steps().get(i), s);
                    byParent.computeIfAbsent(kind(facts, x) + op(facts.device(x)), k -> new ArrayList<>())
                            .add(s);
                }
            }
        }
        declareSteps(f, byParent, racySig, fixedSig);
        relations(facts, stepNames, actorNames);
        return predicates(
                f,
                facts,
                new FlowNames(
                        f,
                        fsig,
                        stepsSig,
                        racySig,
                        actorsSig,
                        names.fresh("search_" + f.name(), f),
                        names.fresh("live_" + f.name(), f),
                        names.fresh("findings_" + f.name(), f),
                        names.fresh("nonvacuity_" + f.name(), f),
                        stepSigs,
                        facts),
                stepNames);
    }

    /** Racy (ordered by hb), Safe (ordered, SessionSafe), Free (not ordered, SessionSafe) or Fixed. */
    private static String kind(FlowFacts facts, int x) {
        return facts.inner.get(x) ? "Free" : !facts.racy.get(x) ? "Fixed" : facts.sessionSafe.get(x) ? "Safe" : "Racy";
    }

    private static String op(DeviceStep s) {
        return switch (s.op()) {
            case ATTACH -> "Attaches";
            case MAP -> "Maps";
            case UNMAP -> "Unmaps";
            case DETACH -> "Detaches";
        };
    }

    /** One comment line per step; a device step gets an atom, whose name is returned (null for a wait). */
    private String step(Flow f, Actor a, int i) {
        Step s = a.steps().get(i);
        String text =
                a.name() + ": " + s.label().map(l -> l.name() + ": ").orElse("") + s.text() + " (" + s.loc() + ")";
        if (!(s instanceof DeviceStep ds)) {
            body.append("--   ").append(text).append('\n');
            return null;
        }
        String ssig = names.fresh("step_" + f.name() + "_" + a.name() + "_" + (i + 1), new StepRef(f, a, i, s));
        body.append("--   ").append(text).append(": ").append(ssig).append('\n');
        add("stepDev", ssig, devSig.apply(ds.device()));
        return ssig;
    }

    /**
     * The step atoms, grouped under one abstract sig per kind (racy or fixed) and operation, so the sets
     * Attaches, Maps, Unmaps, Detaches and Racy are unions of a few sigs instead of lists of atoms.
     */
    private void declareSteps(Flow f, Map<String, List<String>> byParent, String racySig, String fixedSig) {
        for (Map.Entry<String, List<String>> e : byParent.entrySet()) {
            boolean free = e.getKey().startsWith("Free");
            boolean safe = free || e.getKey().startsWith("Safe");
            boolean racy = !free && (safe || e.getKey().startsWith("Racy"));
            String operation = e.getKey().substring(e.getKey().startsWith("Fixed") ? 5 : 4);
            String parent = names.fresh(e.getKey() + "_" + f.name(), f);
            body.append("abstract sig ")
                    .append(parent)
                    .append(" extends ")
                    .append(racy ? racySig : fixedSig)
                    .append(" {}\n");
            List<String> atoms = e.getValue();
            for (int i = 0; i < atoms.size(); i += 8) {
                body.append("one sig ")
                        .append(String.join(", ", atoms.subList(i, Math.min(atoms.size(), i + 8))))
                        .append(" extends ")
                        .append(parent)
                        .append(" {}\n");
            }
            add(operation, parent);
            if (racy) {
                add("Racy", parent);
            }
            if (safe) {
                add("SessionSafe", parent);
            }
        }
    }

    private void relations(FlowFacts facts, Map<Integer, String> n, List<String> actorNames) {
        facts.blocked.stream().forEach(x -> add("Blocked", n.get(x)));
        facts.borrows.stream().forEach(x -> add("Borrows", n.get(x)));
        facts.borrowGated.stream().forEach(x -> add("BorrowGated", n.get(x)));
        facts.poison.stream().forEach(x -> add("Poison", n.get(x)));
        facts.poisonGated.stream().forEach(x -> add("PoisonGated", n.get(x)));
        facts.cover.forEach(p -> add("preNext", n.get(p[0]), n.get(p[1])));
        facts.preDev.forEach(p -> add("preDev", n.get(p[0]), n.get(p[1])));
        facts.preRacy.forEach(p -> add("preRacy", n.get(p[0]), n.get(p[1])));
        facts.raceDev.forEach(p -> add("raceDev", n.get(p[0]), n.get(p[1])));
        facts.fixedOutcome.forEach((x, o) ->
                add("FixedOutcome", n.get(x), o == FlowFacts.DevOutcome.UNBALANCED ? "Unbalanced" : "MapBeforeAttach"));
        for (int a = 0; a < actorNames.size(); a++) {
            String actor = actorNames.get(a);
            facts.endPre.get(a).forEach(x -> add("endPre", actor, n.get(x)));
            if (facts.cyclicActors.get(a)) {
                add("Cyclic", actor);
            }
        }
    }

    private FlowNames predicates(Flow f, FlowFacts facts, FlowNames n, Map<Integer, String> stepNames) {
        String decl = "hb: " + n.racySig() + " -> " + n.racySig() + ", done: set " + n.stepsSig() + ", target: lone "
                + n.stepsSig() + ", early: set " + n.stepsSig() + ", first: lone " + n.stepsSig()
                + ", found: lone Outcome";
        body.append("-- A finding of this flow other than those excluded: one execution prefix (see finding) and\n");
        body.append("-- the outcome found. Top-level existentials: Alloy skolemizes them.\n");
        body.append("pred ")
                .append(n.searchPred())
                .append("[excluded: Step -> Outcome, deadlockExcluded: set Flow] {\n");
        body.append("  some ").append(decl).append(" |\n");
        body.append("    finding[")
                .append(n.stepsSig())
                .append(", ")
                .append(n.actorsSig())
                .append(", hb, done, target, early, first, found]\n");
        body.append("    and no ((target -> found) & excluded)\n");
        body.append("    and (no target => ").append(n.flowSig()).append(" not in deadlockExcluded)\n");
        body.append("}\n");
        NonVacuityWitness w = NonVacuityWitness.of(facts);
        body.append("-- non-vacuity: censpec runs it when the flow has no finding; then every execution runs to\n");
        if (w == null) {
            body.append("-- completion, so one must exist: this must be satisfiable.\n");
            body.append("pred ")
                    .append(n.livePred())
                    .append(" {\n  some hb: ")
                    .append(n.racySig())
                    .append(" -> ")
                    .append(n.racySig())
                    .append(", early: set ")
                    .append(n.stepsSig())
                    .append(", first: lone ")
                    .append(n.stepsSig())
                    .append(" |\n    complete[")
                    .append(n.stepsSig())
                    .append(", ")
                    .append(n.actorsSig())
                    .append(", hb, early, first]\n}\n\n");
        } else {
            body.append("-- completion, so this one (the device steps in an order the program allows) must.\n");
            body.append("pred ")
                    .append(n.livePred())
                    .append(" {\n  complete[")
                    .append(n.stepsSig())
                    .append(", ")
                    .append(n.actorsSig())
                    .append(", ")
                    .append(closure(w.racyChain(stepNames)))
                    .append(", ")
                    .append(AlloyModelGenerator.union(w.early(stepNames), 1))
                    .append(", ")
                    .append(AlloyModelGenerator.union(w.first(stepNames), 1))
                    .append("]\n}\n\n");
        }
        return n;
    }

    private static String closure(List<String> chain) {
        return chain.isEmpty() ? "none -> none" : "^(" + AlloyModelGenerator.union(chain, 2) + ")";
    }
}
