package org.censpec.verify.alloy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.verify.alloy.AlloyModel.CommandInfo;
import org.censpec.verify.alloy.AlloyModel.FlowNames;
import org.censpec.verify.alloy.AlloyModel.Kind;
import org.censpec.verify.alloy.AlloyModel.SizeValue;

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
            "Property",
            "Size",
            "Allocator",
            "Device",
            "Share",
            "Flow",
            "Actor",
            "Step",
            "Outcome",
            "Errors",
            "sizeNext",
            "sizeLE",
            "allocNext",
            "accepts",
            "rejects",
            "top",
            "allocLower",
            "commonAllocs",
            "usedAllocs",
            "members",
            "capacity",
            "maxSize",
            "flowSteps",
            "stepDev",
            "Attaches",
            "Maps",
            "Unmaps",
            "Detaches",
            "Blocked",
            "preNext",
            "preDev",
            "Racy",
            "preRacy",
            "raceDev",
            "SessionSafe",
            "Borrows",
            "BorrowGated",
            "Poison",
            "PoisonGated",
            "FixedOutcome",
            "endPre",
            "Cyclic",
            "sameDev",
            "attachedIn",
            "mappedIn",
            "devOutcomeIn",
            "devOutcome",
            "outcomeOf",
            "execution",
            "stuck",
            "finding",
            "complete",
            "devices_satisfiable",
            "shares_intersect",
            "allocators_used",
            "shares_fit",
            "flows_map");

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
        return new AlloyModel(
                out.toString(), names, List.copyOf(commands), java.util.Collections.unmodifiableMap(flowNames));
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
    static String union(List<String> tuples, int arity) {
        if (tuples.isEmpty()) {
            return arity == 1 ? "none" : "none->none";
        }
        return balanced(tuples, 0, tuples.size());
    }

    /**
     * A constant binary relation written with few names: its pairs grouped into products of sets
     * ({@code (a + b)->(y + z)} for the pairs of a and b with y and z), by the side that needs fewer names.
     * Every name written costs Alloy's parser a lookup among all sigs, so fewer names parse faster. Each
     * set of several atoms is written {@code (S - (S - (a + b)))} with {@code S} the column's sig
     * ({@link #coarse}): the same atoms, typed as {@code S}.
     */
    static String relation(List<String[]> pairs, String leftSig, String rightSig) {
        List<Product> byLeft = products(pairs, 0);
        List<Product> byRight = products(pairs, 1);
        List<Product> best = names(byLeft) <= names(byRight) ? byLeft : byRight;
        return union(
                best.stream()
                        .map(p -> coarse(p.left(), leftSig) + "->" + coarse(p.right(), rightSig))
                        .toList(),
                2);
    }

    /**
     * A set of atoms (one atom, or a parenthesized union) typed as its sig {@code sig}: Alloy types a union
     * by the atoms' own sigs and a product by every pair of them, so a relation of d devices by a allocators
     * carries up to d x a types, and the type checker compares each new one with all before it (the
     * 64-device board's {@code accepts}: 0.17 s of its static module's 0.2 s warm parse). {@code S - (S - X)}
     * equals X for X in S, and Alloy types a difference by its left side: one type per product.
     */
    static String coarse(String set, String sig) {
        return set.startsWith("(") ? "(" + sig + " - (" + sig + " - " + set + "))" : set;
    }

    /** A product of two sets of atoms, as text, and how many names it writes. */
    private record Product(String left, String right, int names) {}

    /**
     * The pairs as products: for each element of column {@code key}, the set of its partners; elements
     * with the same partners share one product.
     */
    private static List<Product> products(List<String[]> pairs, int key) {
        Map<String, List<String>> partners = new LinkedHashMap<>();
        for (String[] p : pairs) {
            partners.computeIfAbsent(p[key], k -> new ArrayList<>()).add(p[1 - key]);
        }
        Map<List<String>, List<String>> bySet = new LinkedHashMap<>();
        partners.forEach(
                (k, v) -> bySet.computeIfAbsent(v, x -> new ArrayList<>()).add(k));
        List<Product> out = new ArrayList<>();
        bySet.forEach((others, keys) -> out.add(
                key == 0
                        ? new Product(set(keys), set(others), keys.size() + others.size())
                        : new Product(set(others), set(keys), keys.size() + others.size())));
        return out;
    }

    private static String set(List<String> names) {
        return names.size() == 1 ? names.get(0) : "(" + union(names, 1) + ")";
    }

    private static int names(List<Product> products) {
        return products.stream().mapToInt(Product::names).sum();
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
        line("-- Generated by censpec from spec " + spec.name() + " ("
                + spec.loc().file() + ").");
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
        sizes();
        allocators();
        devices();
        shares();
    }

    private void sizes() {
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
    }

    private void allocators() {
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
    }

    private void devices() {
        line("-- ---------------------------------------------------------------- devices");
        List<String> devs = new ArrayList<>();
        for (Device d : spec.devices()) {
            String n = names.fresh("dev_" + d.name(), d);
            devNames.put(d, n);
            devByName.putIfAbsent(d.name(), d);
            devs.add(n);
        }
        line(oneSigs(devs, "Device"));
        List<String[]> accepts = new ArrayList<>();
        for (Device d : spec.devices()) {
            for (Allocator a : spec.allocators()) {
                if (org.censpec.model.semantics.Acceptance.accepts(d, a)) {
                    accepts.add(new String[] {devNames.get(d), allocNames.get(a)});
                }
            }
        }
        line("-- The accepts relation of the language, stated as facts by the semantics core");
        line("-- (org.censpec.model.semantics.Acceptance: properties, reach or IOMMU, alignment,");
        line("-- protected memory); the model judges everything built on it.");
        line("fun accepts: Device -> Allocator { " + relation(accepts, "Device", "Allocator") + " }");
        line("fun rejects: Device -> Allocator { (Device -> Allocator) - accepts }");
        line("-- a -> every allocator of lower priority than a");
        line("fun allocLower: Allocator -> Allocator { ^allocNext }");
        line("-- the highest-priority allocator of M (none if M is empty)");
        line("fun top[M: set Allocator]: set Allocator { M - M.allocLower }");
        line("-- the allocators every device of X accepts (its access mask)");
        line("fun commonAllocs[X: set Device]: set Allocator { Allocator - X.rejects }");
        line("");
    }

    private void shares() {
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
        line("-- Only device steps are atoms; a wait changes no buffer state and runs as soon as the step it");
        line("-- waits for has run, so waits are folded into the static order preNext (censpec computes it from");
        line("-- the steps listed in the comments). Each step is racy (its order against another step of its");
        line("-- device is not fixed by the program) or fixed (its device's steps before it are the same in");
        line("-- every execution).");
        FlowWriter writer = new FlowWriter(names, this::dev);
        for (Flow f : spec.flows()) {
            flowNames.put(f, writer.write(f));
        }
        line(oneSigs(writer.flowSigs(), "Flow"));
        line("");
        out.append(writer.body());
        writer.constants().forEach(this::line);
        line("");
        out.append(FLOW_SEMANTICS);
        line("");
    }

    private static final String FLOW_SEMANTICS = """
            -- ---------------------------------------------------------------- flow semantics
            -- An execution prefix of a flow is described by what its outcomes depend on, not by a total order:
            --   done    the device steps that ran, each without error (warnings allowed);
            --   target  the step that runs last (none: a deadlock), with the outcome found;
            --   early   the steps of done that ran before the first map (all of done when none maps);
            --   first   that first map;
            --   hb      the order between the racy steps of done + target.
            fun sameDev: Step -> Step { stepDev.~stepDev }
            -- whether the device is attached (mapped) once the steps B of the device ran in the order ord: in an
            -- error-free prefix its attaches and detaches alternate, as do its maps and unmaps
            pred attachedIn[B: set Step, ord: Step -> Step] { some ((B & Attaches) - ord.(B & Detaches)) }
            pred mappedIn[B: set Step, ord: Step -> Step] { some ((B & Maps) - ord.(B & Unmaps)) }
            -- the outcome of x on its own device after the steps B of the device (semantics.md's table)
            fun devOutcomeIn[x: Step, B: set Step, ord: Step -> Step]: set Outcome {
              x in Attaches => (attachedIn[B, ord] => Unbalanced else none)
              else x in Maps => (not attachedIn[B, ord] => MapBeforeAttach else mappedIn[B, ord] => Unbalanced else none)
              else x in Unmaps => ((not attachedIn[B, ord] or not mappedIn[B, ord]) => MapBeforeAttach else none)
              else (not attachedIn[B, ord] => MapBeforeAttach else mappedIn[B, ord] => Unbalanced else none)
            }
            -- a fixed step's is listed; before a racy step ran the steps of its device that precede it statically
            -- and the racy ones hb puts before it, ordered by ord = preDev + hb; a SessionSafe step's is listed
            -- (none, or the error it always meets); a BorrowGated (PoisonGated) step's reads only the borrows
            -- (the Poison steps) before it
            fun devOutcome[x: Step, ord: Step -> Step]: set Outcome {
              x in BorrowGated => (mappedIn[ord.x & x.sameDev & Borrows, ord] => Unbalanced else none)
              else x in PoisonGated => (some ord.x & x.sameDev & Poison => MapBeforeAttach else none)
              else x in Racy - SessionSafe => devOutcomeIn[x, ord.x & x.sameDev, ord] else x.FixedOutcome
            }
            -- the outcome of x after the steps done (none = plain success): its device's if any, else for an
            -- attach the allocation's. The mask is the allocators every attach of early accepts (detach never
            -- widens it); its top is the allocator chosen at the first map.
            fun outcomeOf[x: Step, ord: Step -> Step, done: set Step, early: set Step]: set Outcome {
              let dev = devOutcome[x, ord], mask = commonAllocs[(early & Attaches).stepDev] |
                some dev => dev
                else x not in Attaches => none
                else some (done & Maps) => (top[mask] in x.stepDev.accepts => AttachAfterMap else LateAttach)
                else no (mask & x.stepDev.accepts) => AttachRejected
                else none
            }
            -- An execution prefix of the flow with device steps S. Any such assignment is an execution: every
            -- linear extension of preNext, hb and "early, then first, then the rest of done, then target" is one
            -- (docs/alloy-encoding.md, "Why a pass is a proof").
            pred execution[S: set Step, hb: Step -> Step, done: set Step, target: lone Step, early: set Step,
                           first: lone Step] {
              let E = done + target, R = E & Racy, ord = preDev + hb, mask = commonAllocs[(early & Attaches).stepDev] {
                -- no step that can never run; every step that must precede one of them ran (waits satisfied)
                E in S - Blocked
                no done & target
                E.~preNext in done
                -- hb: a strict partial order of the racy steps R of E that contains the static order, orders
                -- every two racy steps of one device, and puts target last (R -> R, not E -> E: Kodkod builds
                -- a product in full, and R is empty where no device is shared)
                hb in R -> R
                no hb & iden
                hb.hb in hb
                preRacy & (R -> R) in hb
                raceDev & (R -> R) in hb + ~hb
                no target.hb
                -- early: the steps of done before the first map, closed under both orders
                early in done
                no early & Maps
                early.~preNext + hb.early in early
                some done & Maps => (one first and first in done & Maps and first.~preNext + hb.first in early)
                  else (no first and early = done)
                -- every step of done succeeded: no attach before the first map emptied the mask, every later
                -- attach accepts the allocator chosen, no step failed on its device
                some early & Attaches => some mask
                no ((done - early) & Attaches).stepDev.rejects & top[mask]
                no done & FixedOutcome.Outcome
                all x: done & Racy | no devOutcome[x, ord]
              }
            }
            -- no device step outside done can run (each has a predecessor that did not run), and some actor of A
            -- has not finished (a device step it needs did not run, or it waits on a cycle)
            pred stuck[S: set Step, A: set Actor, done: set Step] {
              no (S - Blocked - done) - (S - done).preNext
              some (A & endPre.(S - done)) + (A & Cyclic)
            }
            -- a finding: target ends an error-free prefix with outcome found, or done is stuck (Deadlock)
            pred finding[S: set Step, A: set Actor, hb: Step -> Step, done: set Step, target: lone Step,
                         early: set Step, first: lone Step, found: lone Outcome] {
              execution[S, hb, done, target, early, first]
              one found
              all x: target | found = outcomeOf[x, preDev + hb, done, early]
              no target => (found = Deadlock and stuck[S, A, done])
            }
            -- every step ran without error and every actor finished
            pred complete[S: set Step, A: set Actor, hb: Step -> Step, early: set Step, first: lone Step] {
              execution[S, hb, S, none, early, first]
              no A & Cyclic
            }
            """;

    private String scope() {
        int actors = spec.flows().stream().mapToInt(f -> f.actors().size()).sum();
        long steps = spec.flows().stream()
                .flatMap(f -> f.actors().stream())
                .flatMap(a -> a.steps().stream())
                .filter(s -> s instanceof DeviceStep)
                .count();
        return "for exactly " + sizeNames.size() + " Size, exactly "
                + spec.allocators().size() + " Allocator, exactly "
                + spec.devices().size() + " Device, exactly "
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
            cmd(
                    "devices_satisfiable",
                    Kind.DEVICES,
                    null,
                    "check devices_satisfiable { all d: Device | some d.accepts } " + scope);
            cmd(
                    "shares_intersect",
                    Kind.SHARES,
                    null,
                    "check shares_intersect { all s: Share | some commonAllocs[s.members] } " + scope);
            cmd("allocators_used", Kind.ALLOCATORS, null, "check allocators_used { Allocator in usedAllocs } " + scope);
            line("-- share.too-large: some allocator every device of the share accepts holds max_size");
            cmd(
                    "shares_fit",
                    Kind.SIZES,
                    null,
                    "check shares_fit { all s: Share | some s.maxSize and some "
                            + "commonAllocs[s.members] implies some a: commonAllocs[s.members] | (s.maxSize -> a.capacity) in sizeLE } "
                            + scope);
            line("");
        }
        if (!spec.flows().isEmpty()) {
            line("-- flow.never-maps: every flow has a map step");
            cmd("flows_map", Kind.MAPS, null, "check flows_map { all f: Flow | some f.flowSteps & Maps } " + scope);
            line("");
        }
        line("-- Flow checks: an instance is a finding (skolems $search_<flow>_target, _found) and the");
        line("-- execution that reaches it (_done, _early, _first, _hb); unsat means the flow has no finding.");
        for (FlowNames n : flowNames.values()) {
            cmd(
                    n.command(),
                    Kind.FLOW,
                    n.flow(),
                    "run " + n.command() + " { " + n.searchPred() + "[none -> none, none] } " + scope);
        }
        line("");
        line("-- Non-vacuity, one per flow: a complete error-free execution. censpec runs it when");
        line("-- findings_<flow> is unsat, and then it must be satisfiable (an instance of findings_<flow>");
        line("-- is itself a witness that the execution constraints are satisfiable).");
        for (FlowNames n : flowNames.values()) {
            cmd(
                    n.nonvacuityCommand(),
                    Kind.NONVACUITY,
                    n.flow(),
                    "run " + n.nonvacuityCommand() + " { " + n.livePred() + " } " + scope);
        }
    }

    private void cmd(String label, Kind kind, Flow flow, String text) {
        commands.add(new CommandInfo(commands.size(), label, kind, flow));
        line(text);
    }
}
