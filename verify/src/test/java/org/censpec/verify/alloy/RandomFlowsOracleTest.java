package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;
import org.junit.jupiter.api.Test;

/**
 * Random small flows: the Alloy checker's flow findings must equal those of a brute-force
 * search over all interleavings written here from semantics.md (a test oracle of this package;
 * it shares nothing with the direct checker).
 */
class RandomFlowsOracleTest {

    @Test
    void alloyAgreesWithBruteForceOnRandomFlows() {
        Random rnd = new Random(20261127);
        System.out.println("flows compared: " + compare(25, 6, () -> randomFlow(rnd)));
    }

    /**
     * Races on shared devices where every actor runs whole sessions (attach, map/unmap pairs, detach; the last
     * one possibly unfinished): the devices the encoding treats as session devices (docs/alloy-encoding.md,
     * "Session devices"), with waits that order some sessions and some actors that break the session shape.
     */
    @Test
    void alloyAgreesWithBruteForceOnSessionRaces() {
        Random rnd = new Random(20261207);
        System.out.println("session flows compared: " + compare(20, 4, () -> sessionFlow(rnd)));
    }

    /**
     * Session races that some actors break (docs/alloy-encoding.md, "Session lemmas"): one or two actors get an
     * extra detach, a map/unmap pair outside their sessions, a nested attach, an unmap without a map, or lose a
     * step, at a random place; the rest of the device's steps are decided by the lemmas where they apply.
     */
    @Test
    void alloyAgreesWithBruteForceOnBrokenSessionRaces() {
        Random rnd = new Random(20261208);
        System.out.println("broken session flows compared: " + compare(20, 4, () -> brokenSessionFlow(rnd)));
    }

    /**
     * Session races with borrows (docs/alloy-encoding.md, "Session lemmas", 6): one or two actors take map/unmap
     * pairs between their sessions (on another actor's open session), and one race in two is also broken at a
     * random place as above (an extra detach, an unmap inside a session that can unmap a borrow, ...).
     */
    @Test
    void alloyAgreesWithBruteForceOnBorrowedSessionRaces() {
        Random rnd = new Random(20261209);
        System.out.println("borrowed session flows compared: " + compare(20, 4, () -> borrowedSessionFlow(rnd)));
    }

    /**
     * Session races with stray unmaps (docs/alloy-encoding.md, "Session lemmas", 6): one or two actors unmap
     * between their sessions, mostly where the poison lemma applies (the actor's next step an attach or an
     * unmap), sometimes followed by a map, a detach or a borrow instead, which it does not.
     */
    @Test
    void alloyAgreesWithBruteForceOnPoisonedSessionRaces() {
        Random rnd = new Random(20261210);
        System.out.println("poisoned session flows compared: " + compare(20, 4, () -> poisonedSessionFlow(rnd)));
    }

    /** {@code rounds} specs of {@code perSpec} flows each: Alloy's flow findings equal the oracle's. */
    private static int compare(int rounds, int perSpec, java.util.function.Supplier<Object[]> flow) {
        int flows = 0;
        for (int round = 0; round < rounds; round++) {
            SpecBuilder b = FindingsTest.base().device("any", 40).share("s9", "cam", "gpu", "nic", "any");
            for (int f = 0; f < perSpec; f++) {
                b.flow("f" + f, "s9", flow.get());
            }
            Spec spec = b.build();
            List<Finding> fs = new AlloyChecker().check(spec, Duration.ofSeconds(60));
            Set<String> alloy = new TreeSet<>();
            for (Finding x : fs) {
                // flow.never-maps is syntactic (no map step), not a property of the interleavings
                if (x.id().startsWith("flow.") && !x.id().equals("flow.never-maps")) {
                    alloy.add(key(spec, x));
                }
            }
            Set<String> oracle = new TreeSet<>();
            for (Flow fl : spec.flows()) {
                oracle.addAll(bruteForce(spec, fl));
                flows++;
            }
            fs.stream().filter(x -> x.id().startsWith("verify.")).forEach(x -> {
                throw new AssertionError(x.toString());
            });
            assertEquals(oracle, alloy, "round " + round);
        }
        return flows;
    }

    /** 2-4 actors, each 1-2 sessions on one of two shared devices; one in eight actors breaks the shape. */
    private static Object[] sessionFlow(Random rnd) {
        String[] devs = {"gpu", "any"};
        int actors = 2 + rnd.nextInt(3);
        List<List<String>> steps = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            List<String> s = new ArrayList<>();
            for (int k = 1 + rnd.nextInt(2); k > 0; k--) {
                String dev = devs[rnd.nextInt(devs.length)];
                s.add("attach " + dev);
                for (int m = rnd.nextInt(4) / 2; m > 0; m--) {
                    s.add("map " + dev);
                    s.add("unmap " + dev);
                }
                if (k > 1 || rnd.nextInt(4) > 0) {
                    s.add("detach " + dev);
                }
            }
            if (rnd.nextInt(8) == 0 && s.size() > 1) {
                s.remove(rnd.nextInt(s.size()));
            }
            steps.add(s);
        }
        for (int w = rnd.nextInt(3); w > 0; w--) {
            addWait(rnd, steps, w);
        }
        return actorsOf(steps);
    }

    /** 2-4 actors running whole sessions on two shared devices; one or two of them break the shape. */
    private static Object[] brokenSessionFlow(Random rnd) {
        int actors = 2 + rnd.nextInt(3);
        List<List<String>> steps = wholeSessions(rnd, actors, 2);
        for (int b = 1 + rnd.nextInt(2); b > 0; b--) {
            breakSessions(rnd, steps.get(rnd.nextInt(actors)));
        }
        for (int w = rnd.nextInt(3); w > 0; w--) {
            addWait(rnd, steps, w);
        }
        return actorsOf(steps);
    }

    /** {@code actors} actors, each through 1-2 whole sessions on one of the first {@code devices} of gpu, any. */
    private static List<List<String>> wholeSessions(Random rnd, int actors, int devices) {
        String[] devs = {"gpu", "any"};
        List<List<String>> steps = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            String dev = devs[rnd.nextInt(devices)];
            List<String> s = new ArrayList<>();
            for (int k = 1 + rnd.nextInt(2); k > 0; k--) {
                s.addAll(List.of("attach " + dev, "map " + dev, "unmap " + dev, "detach " + dev));
            }
            steps.add(s);
        }
        return steps;
    }

    /** 2-4 actors running whole sessions on two shared devices; one or two borrow between sessions. */
    private static Object[] borrowedSessionFlow(Random rnd) {
        int actors = 2 + rnd.nextInt(3);
        List<List<String>> steps = wholeSessions(rnd, actors, actors == 2 ? 1 : 2);
        for (int b = 1 + rnd.nextInt(2); b > 0; b--) {
            List<String> s = steps.get(rnd.nextInt(actors));
            String dev = s.get(0).substring(s.get(0).indexOf(' ') + 1);
            s.addAll(4 * rnd.nextInt(s.size() / 4 + 1), List.of("map " + dev, "unmap " + dev));
        }
        if (rnd.nextBoolean()) {
            breakSessions(rnd, steps.get(rnd.nextInt(actors)));
        }
        for (int w = rnd.nextInt(3); w > 0; w--) {
            addWait(rnd, steps, w);
        }
        return actorsOf(steps);
    }

    /** 2-4 actors running whole sessions on two shared devices; one or two unmap between sessions. */
    private static Object[] poisonedSessionFlow(Random rnd) {
        String[] after = {"", "", "", "unmap", "map", "detach"};
        int actors = 2 + rnd.nextInt(3);
        List<List<String>> steps = wholeSessions(rnd, actors, actors == 2 ? 1 : 2);
        for (int b = 1 + rnd.nextInt(2); b > 0; b--) {
            List<String> s = steps.get(rnd.nextInt(actors));
            String dev = s.get(s.size() - 1).substring(s.get(s.size() - 1).indexOf(' ') + 1);
            int at = 4 * rnd.nextInt(s.size() / 4 + 1);
            String next = after[rnd.nextInt(after.length)];
            s.add(at, "unmap " + dev);
            if (!next.isEmpty()) {
                s.add(at + 1, next + " " + dev);
            }
        }
        for (int w = rnd.nextInt(3); w > 0; w--) {
            addWait(rnd, steps, w);
        }
        return actorsOf(steps);
    }

    /** One break of the session shape at a random place of an actor's steps (all on one device). */
    private static void breakSessions(Random rnd, List<String> s) {
        String dev = s.get(0).substring(s.get(0).indexOf(' ') + 1);
        int at = rnd.nextInt(s.size() + 1);
        switch (rnd.nextInt(5)) {
            case 0 -> s.add(at, "detach " + dev);
            case 1 -> s.addAll(at, List.of("map " + dev, "unmap " + dev));
            case 2 -> s.add(at, "attach " + dev);
            case 3 -> s.add(at, "unmap " + dev);
            default -> s.remove(Math.min(at, s.size() - 1));
        }
    }

    private static Object[] randomFlow(Random rnd) {
        String[] devs = {"cam", "gpu", "nic", "any"};
        String[] ops = {"attach", "attach", "map", "unmap", "detach"};
        int actors = 1 + rnd.nextInt(3);
        List<List<String>> steps = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            List<String> s = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            String dev = devs[rnd.nextInt(devs.length)];
            for (int i = 0; i < n; i++) {
                s.add(ops[rnd.nextInt(ops.length)] + " " + (rnd.nextInt(4) == 0 ? devs[rnd.nextInt(4)] : dev));
            }
            steps.add(s);
        }
        // label some steps, add some waits on them
        for (int w = 0; w < rnd.nextInt(3); w++) {
            addWait(rnd, steps, w);
        }
        return actorsOf(steps);
    }

    /** Labels a random step (label {@code l<w>} unless it has one) and adds a wait on it at a random place. */
    private static void addWait(Random rnd, List<List<String>> steps, int w) {
        int actors = steps.size();
        int ta = rnd.nextInt(actors);
        int ti = rnd.nextInt(steps.get(ta).size());
        String t = steps.get(ta).get(ti);
        String label;
        if (t.contains(":")) {
            label = t.substring(0, t.indexOf(':')).trim();
        } else {
            label = "l" + w;
            steps.get(ta).set(ti, label + ": " + t);
        }
        int wa = rnd.nextInt(actors);
        int wi = rnd.nextInt(steps.get(wa).size() + 1);
        steps.get(wa).add(wi, "wait a" + ta + "." + label);
    }

    private static Object[] actorsOf(List<List<String>> steps) {
        List<Object> out = new ArrayList<>();
        for (int a = 0; a < steps.size(); a++) {
            out.add("actor a" + a);
            out.addAll(steps.get(a));
        }
        return out.toArray();
    }

    private static String key(Spec spec, Finding f) {
        if (f.id().equals("flow.deadlock")) {
            for (Flow fl : spec.flows()) {
                if (fl.loc().equals(f.loc())) {
                    return fl.name() + " deadlock";
                }
            }
        }
        return f.id() + "@" + f.loc().line();
    }

    // ---------------------------------------------------------------- the oracle

    private static boolean accepts(Spec spec, Device d, Allocator a) {
        return d.requires().stream().allMatch(p -> a.provides(p.name()))
                && d.forbids().stream().noneMatch(p -> a.provides(p.name()))
                && d.reachesBelow(a.below())
                && a.align() >= d.align();
    }

    private record State(
            List<Integer> pcs,
            Set<String> attached,
            Set<String> mapped,
            Set<String> mask,
            String chosen,
            Set<String> ran) {}

    private static Set<String> bruteForce(Spec spec, Flow flow) {
        Set<String> found = new TreeSet<>();
        Set<State> seen = new HashSet<>();
        List<String> all = spec.allocators().stream().map(Allocator::name).toList();
        List<Integer> pcs = new ArrayList<>();
        flow.actors().forEach(a -> pcs.add(0));
        dfs(spec, flow, new State(pcs, Set.of(), Set.of(), new TreeSet<>(all), null, Set.of()), found, seen);
        return found;
    }

    private static void dfs(Spec spec, Flow flow, State s, Set<String> found, Set<State> seen) {
        if (!seen.add(s)) {
            return;
        }
        boolean moved = false;
        boolean finished = true;
        for (int ai = 0; ai < flow.actors().size(); ai++) {
            Actor actor = flow.actors().get(ai);
            int pc = s.pcs().get(ai);
            if (pc >= actor.steps().size()) {
                continue;
            }
            finished = false;
            Step step = actor.steps().get(pc);
            if (step instanceof WaitStep w) {
                if (!s.ran().contains(w.actor().name() + "." + w.target().name())) {
                    continue;
                }
            }
            moved = true;
            String err = null;
            String warn = null;
            Set<String> att = new TreeSet<>(s.attached());
            Set<String> map = new TreeSet<>(s.mapped());
            Set<String> mask = new TreeSet<>(s.mask());
            String chosen = s.chosen();
            if (step instanceof DeviceStep ds) {
                String d = ds.device().name();
                Device dev = spec.device(d).orElseThrow();
                Set<String> dm = new TreeSet<>();
                spec.allocators().stream().filter(a -> accepts(spec, dev, a)).forEach(a -> dm.add(a.name()));
                switch (ds.op()) {
                    case ATTACH -> {
                        if (att.contains(d)) {
                            err = "flow.unbalanced";
                        } else if (chosen != null && !dm.contains(chosen)) {
                            err = "flow.late-attach";
                        } else if (chosen != null) {
                            warn = "flow.attach-after-map";
                            mask.retainAll(dm);
                            att.add(d);
                        } else {
                            Set<String> m2 = new TreeSet<>(mask);
                            m2.retainAll(dm);
                            if (m2.isEmpty()) {
                                err = "flow.attach-rejected";
                            } else {
                                mask = m2;
                                att.add(d);
                            }
                        }
                    }
                    case MAP -> {
                        if (!att.contains(d)) {
                            err = "flow.map-before-attach";
                        } else if (map.contains(d)) {
                            err = "flow.unbalanced";
                        } else {
                            map.add(d);
                            if (chosen == null) {
                                Set<String> m = mask;
                                chosen = spec.allocators().stream()
                                        .map(Allocator::name)
                                        .filter(m::contains)
                                        .findFirst()
                                        .orElseThrow();
                            }
                        }
                    }
                    case UNMAP -> {
                        if (!att.contains(d) || !map.contains(d)) {
                            err = "flow.map-before-attach";
                        } else {
                            map.remove(d);
                        }
                    }
                    case DETACH -> {
                        if (!att.contains(d)) {
                            err = "flow.map-before-attach";
                        } else if (map.contains(d)) {
                            err = "flow.unbalanced";
                        } else {
                            att.remove(d);
                        }
                    }
                }
            }
            if (err != null) {
                found.add(err + "@" + step.loc().line());
                continue;
            }
            if (warn != null) {
                found.add(warn + "@" + step.loc().line());
            }
            List<Integer> pcs = new ArrayList<>(s.pcs());
            pcs.set(ai, pc + 1);
            Set<String> ran = new TreeSet<>(s.ran());
            step.label().ifPresent(l -> ran.add(actor.name() + "." + l.name()));
            dfs(spec, flow, new State(pcs, att, map, mask, chosen, ran), found, seen);
        }
        if (!moved && !finished) {
            found.add(flow.name() + " deadlock");
        }
    }
}
