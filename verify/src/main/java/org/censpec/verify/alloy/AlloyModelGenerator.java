package org.censpec.verify.alloy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Property;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;
import org.censpec.verify.alloy.AlloyModel.ActorRef;
import org.censpec.verify.alloy.AlloyModel.CommandInfo;
import org.censpec.verify.alloy.AlloyModel.FlowNames;
import org.censpec.verify.alloy.AlloyModel.Kind;
import org.censpec.verify.alloy.AlloyModel.SizeValue;
import org.censpec.verify.alloy.AlloyModel.StepRef;

/**
 * Writes the Alloy 6 model of a spec. See docs/alloy-encoding.md for the encoding and why
 * its bounds are complete. Static data are constants ({@code one sig} atoms and
 * {@code fun}s that list tuples), so they cost no SAT variables; the only free relations
 * are the skolemized witnesses of the flow commands, bounded by each flow's
 * own step atoms.
 */
final class AlloyModelGenerator {

    /** Outcome sig names and the finding ids they report. */
    static final Map<String, String> OUTCOMES = outcomes();

    private static Map<String, String> outcomes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Unbalanced", "flow.unbalanced");
        m.put("LateAttach", "flow.late-attach");
        m.put("AttachAfterMap", "flow.attach-after-map");
        m.put("AttachRejected", "flow.attach-rejected");
        m.put("MapBeforeAttach", "flow.map-before-attach");
        m.put("Deadlock", "flow.deadlock");
        return m;
    }

    private static final List<String> RESERVED = List.of(
            "Property", "Size", "Allocator", "Device", "Share", "Flow", "Actor", "Step", "Outcome", "Errors",
            "sizeNext", "sizeLE", "allocNext", "provides", "below", "allocAlign", "requires", "forbids", "reach",
            "devAlign", "accepts", "top", "allocLower", "pre", "endPre", "Cyclic", "commonAllocs", "usedAllocs", "members",
            "flowSteps", "stepActor", "stepDev", "Attaches", "Maps", "Unmaps", "Detaches",
            "attachedAfter", "mappedAfter", "sameDev", "maskAfter", "firstMap", "chosenAfter", "outcomeOf", "execution",
            "outcomeOfPrivate", "outcomeOfAny", "Private", "PrivAttached", "PrivMapped",
            "stuck", "finding", "complete", "errTarget", "traceMask", "traceChosen", "upTo", "rejects", "traceAttached",
            "traceFirstMap",
            "devices_satisfiable", "shares_intersect", "allocators_used", "shares_fit", "flows_map", "capacity",
            "maxSize");

    /** Flows per group command. */
    static final int GROUP = 4;

    private final Spec spec;
    private final NameTable names = new NameTable();
    private final StringBuilder out = new StringBuilder();

    private final Map<Allocator, String> allocNames = new IdentityHashMap<>();
    private final Map<Device, String> devNames = new IdentityHashMap<>();
    private final Map<String, Device> devByName = new LinkedHashMap<>();
    private final Map<Share, String> shareNames = new IdentityHashMap<>();
    private final Map<BigInteger, String> sizeNames = new TreeMap<>();
    private final Map<Flow, FlowNames> flowNames = new LinkedHashMap<>();
    private final List<CommandInfo> commands = new ArrayList<>();

    private final org.censpec.model.semantics.Acceptance acceptance;
    private final boolean staticCommands;

    private AlloyModelGenerator(Spec spec, boolean staticCommands) {
        this.spec = spec;
        this.acceptance = new org.censpec.model.semantics.Acceptance(spec);
        this.staticCommands = staticCommands;
    }

    /** The whole spec in one module, with every command. */
    static AlloyModel generate(Spec spec) {
        return new AlloyModelGenerator(spec, true).run();
    }

    /**
     * One module of {@code spec}; {@code staticCommands} false leaves out the device, share and
     * allocator checks (a flow slice: they are the static module's).
     */
    static AlloyModel generate(Spec spec, boolean staticCommands) {
        return new AlloyModelGenerator(spec, staticCommands).run();
    }

    private AlloyModel run() {
        for (String r : RESERVED) {
            names.reserve(r);
        }
        for (String o : OUTCOMES.keySet()) {
            names.reserve(o);
        }
        header();
        statics();
        flows();
        commandsText();
        return new AlloyModel(out.toString(), names, List.copyOf(commands), java.util.Collections.unmodifiableMap(flowNames));
    }

    // ------------------------------------------------------------------ text helpers

    private void line(String s) {
        out.append(s).append('\n');
    }

    private static String join(List<String> parts, String sep, String empty) {
        if (parts.isEmpty()) {
            return empty;
        }
        StringJoiner j = new StringJoiner(sep);
        parts.forEach(j::add);
        return j.toString();
    }

    /**
     * A constant relation as a union of tuples; {@code none} (of the right arity) when empty. Long
     * unions are written as a balanced tree of parenthesized groups: Alloy's type checker
     * intersects the types of every node with its parent's, and each one-sig atom has its own
     * type, so a flat chain of n tuples costs it O(n^3) (1-2 s to parse a 64-device model).
     */
    private static String union(List<String> tuples, int arity) {
        if (tuples.isEmpty()) {
            return arity == 1 ? "none" : "none->none";
        }
        return balanced(tuples, 0, tuples.size());
    }

    private static String balanced(List<String> tuples, int from, int to) {
        if (to - from <= 4) {
            return String.join(" + ", tuples.subList(from, to));
        }
        int mid = (from + to) >>> 1;
        return "(" + balanced(tuples, from, mid) + ") + (" + balanced(tuples, mid, to) + ")";
    }

    private static String oneSigs(List<String> sigNames, String parent) {
        return sigNames.isEmpty() ? "-- (none)" : "one sig " + join(sigNames, ", ", "") + " extends " + parent + " {}";
    }

    static String sizeText(BigInteger v) {
        String[] units = {"", "K", "M", "G", "T", "P", "E", "Z"};
        int u = 0;
        BigInteger k = BigInteger.valueOf(1024);
        while (u < units.length - 1 && v.signum() > 0 && v.mod(k).signum() == 0) {
            v = v.divide(k);
            u++;
        }
        return v + units[u];
    }

    // ------------------------------------------------------------------ the model

    private void header() {
        line("-- Generated by censpec from spec " + spec.name() + " (" + spec.loc().file() + ").");
        line("-- Open in the Alloy Analyzer 6.2 and execute any command. Static data are constants");
        line("-- (one sig atoms, funs listing tuples); the only free relations are the skolemized witnesses");
        line("-- of the flow commands, each bounded by its flow's own step atoms. Every scope below is exact");
        line("-- and equals the number of spec elements, so an unsat command is a proof for this spec.");
        line("module censpec_" + spec.name());
        line("");
        line("abstract sig Size {}");
        line("abstract sig Allocator {}");
        line("abstract sig Device {}");
        line("abstract sig Share {}");
        line("abstract sig Flow {}");
        line("abstract sig Actor {}");
        line("abstract sig Step {}");
        line("");
        line("-- What a step can end with (semantics.md, \"Steps and their outcome\"). AttachAfterMap is a");
        line("-- warning: the step succeeds. Every other outcome is an error and ends the execution.");
        line("abstract sig Outcome {}");
        line("one sig " + String.join(", ", OUTCOMES.keySet()) + " extends Outcome {}");
        line("fun Errors: set Outcome { Outcome - AttachAfterMap }");
        line("");
    }

    private void statics() {
        // Sizes: allocator capacities and share max_sizes (share.too-large); nothing else is a number.
        TreeSet<BigInteger> sizes = new TreeSet<>();
        for (Share s : spec.shares()) {
            s.maxSize().ifPresent(m -> {
                sizes.add(BigInteger.valueOf(m));
                spec.allocators().forEach(a -> sizes.add(BigInteger.valueOf(acceptance.capacity(a))));
            });
        }
        for (BigInteger s : sizes) {
            sizeNames.put(s, names.fresh("size_" + sizeText(s), new SizeValue(s)));
        }
        line("-- ---------------------------------------------------------------- sizes");
        line("-- One atom per distinct byte count the spec compares (allocator capacities, share max_size).");
        line("-- sizeNext orders them ascending; the numbers stay in Java, every comparison is made in");
        line("-- Alloy through sizeLE.");
        for (Map.Entry<BigInteger, String> e : sizeNames.entrySet()) {
            line("one sig " + e.getValue() + " extends Size {}  -- " + e.getKey() + " bytes");
        }
        List<String> sizeOrder = new ArrayList<>();
        List<String> sizeLE = new ArrayList<>();
        List<String> sizeList = new ArrayList<>(sizeNames.values());
        for (int i = 0; i < sizeList.size(); i++) {
            if (i > 0) {
                sizeOrder.add(sizeList.get(i - 1) + "->" + sizeList.get(i));
            }
            for (int j = i; j < sizeList.size(); j++) {
                sizeLE.add(sizeList.get(i) + "->" + sizeList.get(j));
            }
        }
        line("fun sizeNext: Size -> Size { " + union(sizeOrder, 2) + " }");
        line("-- the same order, reflexive and transitive, listed (it equals (Size <: iden) + ^sizeNext;");
        line("-- listing it spares Kodkod a closure in every command and every evaluation)");
        line("fun sizeLE: Size -> Size { " + union(sizeLE, 2) + " }");
        line("");

        line("-- ---------------------------------------------------------------- allocators (priority order)");
        List<String> allocs = new ArrayList<>();
        for (Allocator a : spec.allocators()) {
            String n = names.fresh("alloc_" + a.name(), a);
            allocNames.put(a, n);
            allocs.add(n);
        }
        line(oneSigs(allocs, "Allocator"));
        List<String> allocOrder = new ArrayList<>();
        for (int i = 1; i < allocs.size(); i++) {
            allocOrder.add(allocs.get(i - 1) + "->" + allocs.get(i));
        }
        line("-- a -> b: b comes right after a in priority (declaration) order");
        line("fun allocNext: Allocator -> Allocator { " + union(allocOrder, 2) + " }");
        List<String> capacity = new ArrayList<>();
        if (!sizeNames.isEmpty()) {
            for (Allocator a : spec.allocators()) {
                capacity.add(allocNames.get(a) + "->" + sizeNames.get(BigInteger.valueOf(acceptance.capacity(a))));
            }
        }
        line("-- the bytes each allocator can hand out (its size, or the RAM below its bound)");
        line("fun capacity: Allocator -> Size { " + union(capacity, 2) + " }");
        line("");

        line("-- ---------------------------------------------------------------- devices");
        List<String> devs = new ArrayList<>();
        for (Device d : spec.devices()) {
            String n = names.fresh("dev_" + d.name(), d);
            devNames.put(d, n);
            devByName.putIfAbsent(d.name(), d);
            devs.add(n);
        }
        line(oneSigs(devs, "Device"));
        List<String> accepts = new ArrayList<>();
        for (Device d : spec.devices()) {
            for (Allocator a : spec.allocators()) {
                if (org.censpec.model.semantics.Acceptance.accepts(d, a)) {
                    accepts.add(devNames.get(d) + "->" + allocNames.get(a));
                }
            }
        }
        line("-- The accepts relation of the language, stated as facts by the semantics core");
        line("-- (org.censpec.model.semantics.Acceptance: properties, reach or IOMMU, alignment,");
        line("-- protected memory); the model judges everything built on it.");
        line("fun accepts: Device -> Allocator { " + union(accepts, 2) + " }");
        line("fun rejects: Device -> Allocator { (Device -> Allocator) - accepts }");
        line("-- a -> every allocator of lower priority than a");
        line("fun allocLower: Allocator -> Allocator { ^allocNext }");
        line("-- the highest-priority allocator of M (none if M is empty)");
        line("fun top[M: set Allocator]: set Allocator { M - M.allocLower }");
        line("-- the allocators every device of X accepts (its access mask)");
        line("fun commonAllocs[X: set Device]: set Allocator { Allocator - X.rejects }");
        line("");

        line("-- ---------------------------------------------------------------- shares");
        List<String> shs = new ArrayList<>();
        List<String> members = new ArrayList<>();
        for (Share s : spec.shares()) {
            String n = names.fresh("share_" + s.name(), s);
            shareNames.put(s, n);
            shs.add(n);
            for (NameRef d : s.devices()) {
                members.add(n + "->" + dev(d));
            }
        }
        line(oneSigs(shs, "Share"));
        line("fun members: Share -> Device { " + union(members, 2) + " }");
        List<String> maxSize = new ArrayList<>();
        for (Share s : spec.shares()) {
            s.maxSize().ifPresent(m -> maxSize.add(shareNames.get(s) + "->" + sizeNames.get(BigInteger.valueOf(m))));
        }
        line("-- the largest buffer of a share, where the spec gives max_size");
        line("fun maxSize: Share -> Size { " + union(maxSize, 2) + " }");
        line("-- a is used iff for some share s, the devices X of s that accept a are not empty and no");
        line("-- allocator before a is accepted by all of X (semantics.md, allocator.unused)");
        line("fun usedAllocs: set Allocator {");
        line("  { a: Allocator | some s: Share | let X = s.members & accepts.a |");
        line("      some X and a in top[commonAllocs[X]] }");
        line("}");
        line("");
    }

    private String dev(NameRef d) {
        Device dev = devByName.get(d.name());
        if (dev == null) {
            throw new IllegalArgumentException(d.loc() + ": undefined device " + d.name());
        }
        return devNames.get(dev);
    }

    private void flows() {
        line("-- ---------------------------------------------------------------- flows");
        line("-- Only device steps are atoms. A wait changes no buffer state and can run as soon as the step");
        line("-- it waits for has run, so it is folded into the order: pre lists x -> z when x runs before z in");
        line("-- every execution that runs z (program order and waits, transitively; censpec computes it from");
        line("-- the steps listed in the comments). A device step that needs a step on a cycle of waits");
        line("-- precedes itself: it never runs. endPre lists, per actor, the device steps that must run before it can finish;");
        line("-- Cyclic are the actors that wait on a cycle (they never finish).");
        List<String> flowSigs = new ArrayList<>();
        List<String> actorSigs = new ArrayList<>();
        List<String> flowStepsT = new ArrayList<>();
        List<String> stepActorT = new ArrayList<>();
        List<String> preT = new ArrayList<>();
        List<String> endPreT = new ArrayList<>();
        List<String> cyclicT = new ArrayList<>();
        List<String> devT = new ArrayList<>();
        List<String> privateT = new ArrayList<>();
        List<String> privAttachedT = new ArrayList<>();
        List<String> privMappedT = new ArrayList<>();
        Map<String, List<String>> byOp = new LinkedHashMap<>();
        for (String op : List.of("Attaches", "Maps", "Unmaps", "Detaches")) {
            byOp.put(op, new ArrayList<>());
        }
        StringBuilder body = new StringBuilder();
        for (Flow f : spec.flows()) {
            String fsig = names.fresh("flow_" + f.name(), f);
            flowSigs.add(fsig);
            String stepsSig = names.fresh("Steps_" + f.name(), f);
            String actorsSig = names.fresh("Actors_" + f.name(), f);
            Map<Step, String> stepSigs = new IdentityHashMap<>();
            body.append("-- flow ").append(f.name()).append(" (").append(f.loc()).append(")\n");
            body.append("abstract sig ").append(stepsSig).append(" extends Step {}\n");
            body.append("abstract sig ").append(actorsSig).append(" extends Actor {}\n");
            StaticOrder order = new StaticOrder(f);
            Map<String, Set<Actor>> users = new LinkedHashMap<>();
            for (Actor a : f.actors()) {
                for (Step s : a.steps()) {
                    if (s instanceof DeviceStep ds) {
                        users.computeIfAbsent(ds.device().name(), k -> new HashSet<>()).add(a);
                    }
                }
            }
            List<String> actorNames = new ArrayList<>();
            for (Actor a : f.actors()) {
                String asig = names.fresh("actor_" + f.name() + "_" + a.name(), new ActorRef(f, a));
                actorNames.add(asig);
                body.append("one sig ").append(asig).append(" extends ").append(actorsSig).append(" {}\n");
                for (int i = 0; i < a.steps().size(); i++) {
                    Step s = a.steps().get(i);
                    if (!(s instanceof DeviceStep ds)) {
                        body.append("--   ").append(a.name()).append(": ").append(s.label().map(l -> l.name() + ": ").orElse(""))
                                .append(s.text()).append(" (").append(s.loc()).append(")\n");
                        continue;
                    }
                    String ssig = names.fresh("step_" + f.name() + "_" + a.name() + "_" + (i + 1),
                            new StepRef(f, a, i, s));
                    stepSigs.put(s, ssig);
                    body.append("one sig ").append(ssig).append(" extends ").append(stepsSig).append(" {}  -- ")
                            .append(a.name()).append(": ")
                            .append(s.label().map(l -> l.name() + ": ").orElse("")).append(s.text())
                            .append(" (").append(s.loc()).append(")\n");
                    flowStepsT.add(fsig + "->" + ssig);
                    stepActorT.add(ssig + "->" + asig);
                    devT.add(ssig + "->" + dev(ds.device()));
                    if (users.get(ds.device().name()).size() == 1) {
                        privateT.add(ssig);
                        boolean attached = false;
                        boolean mapped = false;
                        for (Step e : a.steps().subList(0, i)) {
                            if (e instanceof DeviceStep es && es.device().name().equals(ds.device().name())) {
                                switch (es.op()) {
                                    case ATTACH -> attached = true;
                                    case DETACH -> attached = false;
                                    case MAP -> mapped = true;
                                    case UNMAP -> mapped = false;
                                }
                            }
                        }
                        if (attached) {
                            privAttachedT.add(ssig);
                        }
                        if (mapped) {
                            privMappedT.add(ssig);
                        }
                    }
                    byOp.get(switch (ds.op()) {
                        case ATTACH -> "Attaches";
                        case MAP -> "Maps";
                        case UNMAP -> "Unmaps";
                        case DETACH -> "Detaches";
                    }).add(ssig);
                }
            }
            actorSigs.addAll(actorNames);
            for (int x = 0; x < order.size(); x++) {
                if (!(order.step(x) instanceof DeviceStep)) {
                    continue;
                }
                for (int z = 0; z < order.size(); z++) {
                    if (order.step(z) instanceof DeviceStep && (order.precedes(x, z) || x == z && order.blocked(x))) {
                        preT.add(stepSigs.get(order.step(x)) + "->" + stepSigs.get(order.step(z)));
                    }
                }
            }
            for (int a = 0; a < f.actors().size(); a++) {
                List<Step> steps = f.actors().get(a).steps();
                if (steps.isEmpty()) {
                    continue;
                }
                int last = order.index(a, steps.size() - 1);
                for (int x = 0; x < order.size(); x++) {
                    if (order.step(x) instanceof DeviceStep && (x == last || order.precedes(x, last))) {
                        endPreT.add(actorNames.get(a) + "->" + stepSigs.get(order.step(x)));
                    }
                }
                if (order.cyclic(a)) {
                    cyclicT.add(actorNames.get(a));
                }
            }
            String search = names.fresh("search_" + f.name(), f);
            String live = names.fresh("live_" + f.name(), f);
            String decl = "hb: " + stepsSig + " -> " + stepsSig + ", done: set " + stepsSig + ", target: lone "
                    + stepsSig + ", found: lone Outcome";
            String args = "[" + stepsSig + ", " + actorsSig + ", hb, done, target, found]";
            body.append("-- A finding of this flow other than those excluded: one execution prefix (the steps done,\n");
            body.append("-- their happens-before order hb, the step target that runs last, none for a deadlock)\n");
            body.append("-- and the outcome found. Top-level existentials: Alloy skolemizes them.\n");
            body.append("pred ").append(search).append("[excluded: Step -> Outcome, deadlockExcluded: set Flow] {\n");
            body.append("  some ").append(decl).append(" |\n");
            body.append("    finding").append(args).append("\n");
            body.append("    and no ((target -> found) & excluded)\n");
            body.append("    and (no target => ").append(fsig).append(" not in deadlockExcluded)\n");
            body.append("}\n");
            List<String> chain = witness(order, stepSigs);
            if (chain != null) {
                String chainFun = names.fresh("witness_" + f.name(), f);
                body.append("-- non-vacuity: this order of the device steps (a linear extension of pre) is a complete\n");
                body.append("-- error-free execution. censpec runs it when the flow has no finding; then every execution\n");
                body.append("-- runs to completion, so this one must: the run must be satisfiable.\n");
                body.append("fun ").append(chainFun).append(": Step -> Step { ").append(union(chain, 2)).append(" }\n");
                body.append("pred ").append(live).append(" {\n");
                body.append("  complete[").append(stepsSig).append(", ").append(actorsSig).append(", ^")
                        .append(chainFun).append(", ").append(stepsSig).append(", none, none]\n");
                body.append("}\n\n");
            } else {
                body.append("-- non-vacuity: a complete error-free execution exists (run when the flow has no finding,\n");
                body.append("-- so every execution of it runs to completion: this must be satisfiable)\n");
                body.append("pred ").append(live).append(" {\n");
                body.append("  some ").append(decl).append(" |\n");
                body.append("    complete").append(args).append("\n");
                body.append("}\n\n");
            }
            String cmd = names.fresh("findings_" + f.name(), f);
            String nv = names.fresh("nonvacuity_" + f.name(), f);
            flowNames.put(f, new FlowNames(f, fsig, stepsSig, actorsSig, search, live, cmd, nv, stepSigs));
        }
        line(oneSigs(flowSigs, "Flow"));
        line("");
        out.append(body);
        line("fun flowSteps: Flow -> Step { " + union(flowStepsT, 2) + " }");
        line("fun stepActor: Step -> Actor { " + union(stepActorT, 2) + " }");
        line("-- x -> z: x runs before z in every execution that runs z");
        line("fun pre: Step -> Step { " + union(preT, 2) + " }");
        line("-- an actor -> the device steps that must have run for it to finish");
        line("fun endPre: Actor -> Step { " + union(endPreT, 2) + " }");
        line("fun Cyclic: set Actor { " + union(cyclicT, 1) + " }");
        line("fun stepDev: Step -> Device { " + union(devT, 2) + " }");
        line("-- steps on a device no other actor of their flow touches, and of those the ones whose device");
        line("-- is attached (mapped) before them when the actor's earlier steps all succeeded");
        line("fun Private: set Step { " + union(privateT, 1) + " }");
        line("fun PrivAttached: set Step { " + union(privAttachedT, 1) + " }");
        line("fun PrivMapped: set Step { " + union(privMappedT, 1) + " }");
        for (Map.Entry<String, List<String>> e : byOp.entrySet()) {
            line("fun " + e.getKey() + ": set Step { " + union(e.getValue(), 1) + " }");
        }
        line("");
        out.append(FLOW_SEMANTICS);
        line("");
    }

    /**
     * The device steps in an order every execution allows (repeatedly the first step, in actor
     * order, whose pre predecessors are placed), as chain tuples; null when some step can never run.
     */
    private static List<String> witness(StaticOrder order, Map<Step, String> stepSigs) {
        List<Integer> devices = new ArrayList<>();
        for (int x = 0; x < order.size(); x++) {
            if (order.step(x) instanceof DeviceStep) {
                devices.add(x);
            }
        }
        List<Integer> placed = new ArrayList<>();
        Set<Integer> done = new HashSet<>();
        while (placed.size() < devices.size()) {
            Integer next = null;
            for (int z : devices) {
                if (done.contains(z) || order.blocked(z)) {
                    continue;
                }
                boolean ready = true;
                for (int x : devices) {
                    if (order.precedes(x, z) && !done.contains(x)) {
                        ready = false;
                        break;
                    }
                }
                if (ready) {
                    next = z;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            placed.add(next);
            done.add(next);
        }
        List<String> chain = new ArrayList<>();
        for (int i = 1; i < placed.size(); i++) {
            chain.add(stepSigs.get(order.step(placed.get(i - 1))) + "->" + stepSigs.get(order.step(placed.get(i))));
        }
        return chain;
    }

    private static final String FLOW_SEMANTICS = """
            -- ---------------------------------------------------------------- flow semantics
            -- P is the set of steps that ran, hb their order; every step of P succeeded (warnings allowed).
            -- Attaches and detaches of a device alternate in such a prefix, as do its maps and unmaps, so
            -- the device of x is attached after P iff some attach of it in P is not followed (in hb) by
            -- a detach of it in P. Written without quantifiers: hb.Y is the steps before some step of Y.
            fun sameDev: Step -> Step { stepDev.~stepDev }
            pred attachedAfter[P: set Step, hb: Step -> Step, x: Step] {
              some ((P & x.sameDev & Attaches) - hb.(P & x.sameDev & Detaches))
            }
            pred mappedAfter[P: set Step, hb: Step -> Step, x: Step] {
              some ((P & x.sameDev & Maps) - hb.(P & x.sameDev & Unmaps))
            }
            -- the access mask: all allocators, ANDed with the mask of every device attached so far
            fun maskAfter[P: set Step]: set Allocator { commonAllocs[(P & Attaches).stepDev] }
            fun firstMap[P: set Step, hb: Step -> Step]: set Step { (P & Maps) - (P & Maps).hb }
            -- delayed allocation: the top allocator of the mask at the first map
            fun chosenAfter[P: set Step, hb: Step -> Step]: set Allocator {
              some (P & Maps) => top[maskAfter[hb.(firstMap[P, hb])]] else none
            }
            -- the outcome of running x after the steps hb.x (none = plain success)
            -- The outcome of running x after the steps hb.x (none = plain success); ch is the allocator
            -- chosen at the first map of the whole execution, which is the one x sees if a map ran before
            -- it (computed once per execution, not once per step).
            fun outcomeOf[x: Step, hb: Step -> Step, ch: set Allocator]: set Outcome {
              let P = hb.x, d = x.stepDev |
                x in Attaches => (
                  attachedAfter[P, hb, x] => Unbalanced
                  else some (P & Maps) => (ch in d.accepts => AttachAfterMap else LateAttach)
                  else no (maskAfter[P] & d.accepts) => AttachRejected
                  else none)
                else x in Maps => (
                  not attachedAfter[P, hb, x] => MapBeforeAttach
                  else mappedAfter[P, hb, x] => Unbalanced
                  else none)
                else x in Unmaps => (
                  (not attachedAfter[P, hb, x] or not mappedAfter[P, hb, x]) => MapBeforeAttach
                  else none)
                else x in Detaches => (
                  not attachedAfter[P, hb, x] => MapBeforeAttach
                  else mappedAfter[P, hb, x] => Unbalanced
                  else none)
                else none
            }
            -- The same for a step on a Private device (no other actor of the flow touches it): in an
            -- error-free prefix its attaches and detaches (maps and unmaps) alternate in program order,
            -- so whether it is attached (mapped) before x is the constant PrivAttached (PrivMapped).
            fun outcomeOfPrivate[x: Step, hb: Step -> Step, ch: set Allocator]: set Outcome {
              let P = hb.x, d = x.stepDev |
                x in Attaches => (
                  x in PrivAttached => Unbalanced
                  else some (P & Maps) => (ch in d.accepts => AttachAfterMap else LateAttach)
                  else no (maskAfter[P] & d.accepts) => AttachRejected
                  else none)
                else x in Maps => (
                  x not in PrivAttached => MapBeforeAttach
                  else x in PrivMapped => Unbalanced
                  else none)
                else x in Unmaps => (
                  (x not in PrivAttached or x not in PrivMapped) => MapBeforeAttach
                  else none)
                else x in Detaches => (
                  x not in PrivAttached => MapBeforeAttach
                  else x in PrivMapped => Unbalanced
                  else none)
                else none
            }
            fun outcomeOfAny[x: Step, hb: Step -> Step, ch: set Allocator]: set Outcome {
              x in Private => outcomeOfPrivate[x, hb, ch] else outcomeOf[x, hb, ch]
            }
            -- An execution prefix of the flow with device steps S and actors A: the steps in done ran
            -- without error in the order hb, then target (if any) ran last. done is closed under pre (so
            -- every wait before a step of E was satisfied), and hb is a strict total order on done + target
            -- that contains pre.
            pred execution[S: set Step, hb: Step -> Step, done: set Step, target: lone Step] {
              let E = done + target, ch = chosenAfter[E, hb] {
                E in S
                no done & target
                hb in E -> E
                no hb & iden
                hb.hb in hb
                (E -> E) - iden in hb + ~hb
                E.~pre in done
                pre & (E -> E) in hb
                no target.hb
                all x: done & Private | no (outcomeOfPrivate[x, hb, ch] & Errors)
                all x: done - Private | no (outcomeOf[x, hb, ch] & Errors)
              }
            }
            -- no device step outside done can run (each has a predecessor that did not run), and some actor
            -- of A has not finished (a device step it needs did not run, or it waits on a cycle)
            pred stuck[S: set Step, A: set Actor, done: set Step] {
              no (S - done) - (S - done).pre
              some (A & endPre.(S - done)) + (A & Cyclic)
            }
            -- a finding: target ends an error-free prefix with outcome found, or done is stuck (Deadlock)
            pred finding[S: set Step, A: set Actor, hb: Step -> Step, done: set Step, target: lone Step, found: lone Outcome] {
              execution[S, hb, done, target]
              some target => (some found and found = outcomeOfAny[target, hb, chosenAfter[done + target, hb]])
              no target => (found = Deadlock and stuck[S, A, done])
            }
            -- every step ran without error and every actor finished
            pred complete[S: set Step, A: set Actor, hb: Step -> Step, done: set Step, target: lone Step, found: lone Outcome] {
              execution[S, hb, done, target]
              no target
              no found
              done = S
              no A & Cyclic
            }
            -- Reading a trace (E = done + target, ordered by hb). An erroneous last step changes nothing.
            fun errTarget[target: set Step, found: set Outcome]: set Step { some (found & Errors) => target else none }
            -- x -> the steps that ran up to and including x
            fun upTo[E: set Step, hb: Step -> Step, target: set Step, found: set Outcome]: Step -> Step {
              (E <: ~hb) + ((E - errTarget[target, found]) <: iden)
            }
            -- x -> the devices attached by x and the steps before it (the mask ANDs their accepts)
            fun traceAttached[E: set Step, hb: Step -> Step, target: set Step, found: set Outcome]: Step -> Device {
              upTo[E, hb, target, found].(Attaches <: stepDev)
            }
            -- x -> the access mask after x
            fun traceMask[E: set Step, hb: Step -> Step, target: set Step, found: set Outcome]: Step -> Allocator {
              (E -> Allocator) - upTo[E, hb, target, found].(Attaches <: stepDev).rejects
            }
            -- the first map that ran, and the allocator it chose (the allocator after it and every later step)
            fun traceFirstMap[E: set Step, hb: Step -> Step, target: set Step, found: set Outcome]: set Step {
              firstMap[E - errTarget[target, found], hb]
            }
            fun traceChosen[E: set Step, hb: Step -> Step, target: set Step, found: set Outcome]: set Allocator {
              chosenAfter[E - errTarget[target, found], hb]
            }
            """;

    private String scope() {
        int actors = spec.flows().stream().mapToInt(f -> f.actors().size()).sum();
        long steps = spec.flows().stream().flatMap(f -> f.actors().stream()).flatMap(a -> a.steps().stream())
                .filter(s -> s instanceof DeviceStep).count();
        return "for exactly " + sizeNames.size() + " Size, exactly "
                + spec.allocators().size() + " Allocator, exactly " + spec.devices().size() + " Device, exactly "
                + spec.shares().size() + " Share, exactly " + spec.flows().size() + " Flow, exactly " + actors
                + " Actor, exactly " + steps + " Step, exactly " + OUTCOMES.size() + " Outcome, 1 Int";
    }

    private void commandsText() {
        String scope = scope();
        line("-- ---------------------------------------------------------------- commands");
        if (staticCommands) {
            line("-- Static checks: a counterexample is an instance where some element fails; the failing");
            line("-- elements are the sets {d: Device | no d.accepts}, {s: Share | no commonAllocs[s.members]}");
            line("-- and Allocator - usedAllocs, fixed by the constants above.");
            cmd("devices_satisfiable", Kind.DEVICES, null,
                    "check devices_satisfiable { all d: Device | some d.accepts } " + scope);
            cmd("shares_intersect", Kind.SHARES, null,
                    "check shares_intersect { all s: Share | some commonAllocs[s.members] } " + scope);
            cmd("allocators_used", Kind.ALLOCATORS, null,
                    "check allocators_used { Allocator in usedAllocs } " + scope);
            line("-- share.too-large: some allocator every device of the share accepts holds max_size");
            cmd("shares_fit", Kind.SIZES, null, "check shares_fit { all s: Share | some s.maxSize and some "
                    + "commonAllocs[s.members] implies some a: commonAllocs[s.members] | (s.maxSize -> a.capacity) in sizeLE } "
                    + scope);
            line("");
        }
        if (!spec.flows().isEmpty()) {
            line("-- flow.never-maps: every flow has a map step");
            cmd("flows_map", Kind.MAPS, null, "check flows_map { all f: Flow | some f.flowSteps & Maps } " + scope);
            line("");
        }
        List<FlowNames> all = new ArrayList<>(flowNames.values());
        if (all.size() > 1) {
            line("-- Groups of flows: unsat proves that none of the group's flows has a finding (one solve");
            line("-- instead of one per flow); when sat, censpec runs the group's findings_<flow> commands.");
            for (int g = 0; g * GROUP < all.size(); g++) {
                List<FlowNames> members = all.subList(g * GROUP, Math.min(all.size(), (g + 1) * GROUP));
                String pred = names.fresh("anyFinding_" + g, "group");
                String cmdName = names.fresh("anyFindings_" + g, "group");
                StringBuilder decl = new StringBuilder();
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < members.size(); i++) {
                    String st = members.get(i).stepsSig();
                    decl.append(i == 0 ? "" : ",\n       ").append("hb").append(i).append(": ").append(st).append(" -> ")
                            .append(st).append(", done").append(i).append(": set ").append(st).append(", target")
                            .append(i).append(": lone ").append(st).append(", found").append(i).append(": lone Outcome");
                    body.append(i == 0 ? "    " : "\n    or ").append("finding[").append(st).append(", ")
                            .append(members.get(i).actorsSig()).append(", hb").append(i)
                            .append(", done").append(i).append(", target").append(i).append(", found").append(i)
                            .append("]");
                }
                line("pred " + pred + " {");
                line("  some " + decl + " |");
                line(body.toString());
                line("}");
                cmd(cmdName, Kind.GROUP, null, members.stream().map(FlowNames::flow).toList(),
                        "run " + cmdName + " { " + pred + " } " + scope);
            }
            line("");
        }
        line("-- Flow checks: an instance is a finding (skolems $search_<flow>_target, _found) with its");
        line("-- trace (_done ordered by _hb); unsat means the flow has no finding at all.");
        for (FlowNames n : flowNames.values()) {
            cmd(n.command(), Kind.FLOW, n.flow(), "run " + n.command() + " { " + n.searchPred()
                    + "[none -> none, none] } " + scope);
        }
        line("");
        line("-- Non-vacuity, one per flow: a complete error-free execution. censpec runs it when");
        line("-- findings_<flow> is unsat, and then it must be satisfiable (an instance of findings_<flow>");
        line("-- is itself a witness that the execution constraints are satisfiable).");
        for (FlowNames n : flowNames.values()) {
            cmd(n.nonvacuityCommand(), Kind.NONVACUITY, n.flow(), "run " + n.nonvacuityCommand() + " { "
                    + n.livePred() + " } " + scope);
        }
    }

    private void cmd(String label, Kind kind, Flow flow, String text) {
        cmd(label, kind, flow, List.of(), text);
    }

    private void cmd(String label, Kind kind, Flow flow, List<Flow> group, String text) {
        commands.add(new CommandInfo(commands.size(), label, kind, flow, group));
        line(text);
    }
}
