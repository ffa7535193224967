package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.censpec.model.Operation;
import org.censpec.model.Spec;
import org.censpec.verify.AgreementRun;
import org.censpec.verify.direct.DirectChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Races on one device that some actor breaks (issue 28): identical actors each run two whole sessions on gpu, and
 * one or two actors leave the session shape. The session lemmas (docs/alloy-encoding.md) decide what they can;
 * whole findings (id, location, message, trace) must equal the direct checker's, with the direct checker's
 * findings as candidates (as {@code censpec check} runs it) and with the model's search alone.
 */
class BrokenSessionRaceTest {
    private static final List<String> SESSION = List.of("attach gpu", "map gpu", "unmap gpu", "detach gpu");

    /** The breaking shapes: the last actor's steps (or, for "two broken actors", the last two actors'). */
    private static final Map<String, List<List<String>>> SHAPES = Map.of(
            "extra detach", List.of(steps(SESSION, SESSION, List.of("detach gpu"))),
            "map without attach", List.of(steps(List.of("map gpu", "unmap gpu"), SESSION, SESSION)),
            "nested attach", List.of(steps(List.of("attach gpu"), SESSION, SESSION)),
            "unmap without attach", List.of(steps(List.of("unmap gpu"), SESSION, SESSION)),
            "unmap without map", List.of(steps(List.of("attach gpu", "unmap gpu", "detach gpu"), SESSION)),
            "detach while mapped", List.of(steps(List.of("attach gpu", "map gpu", "detach gpu", "unmap gpu"), SESSION)),
            "two broken actors",
                    List.of(
                            steps(SESSION, SESSION, List.of("detach gpu")),
                            steps(List.of("map gpu", "unmap gpu"), SESSION, SESSION)));

    @SafeVarargs
    private static List<String> steps(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    /** {@code tame} actors through two whole sessions each, then the shape's broken actors. */
    static Spec race(int tame, String shape) {
        List<Object> steps = new ArrayList<>();
        for (int a = 0; a < tame; a++) {
            steps.add("actor x" + a);
            steps.addAll(steps(SESSION, SESSION));
        }
        List<List<String>> broken = SHAPES.get(shape);
        for (int b = 0; b < broken.size(); b++) {
            steps.add("actor y" + b);
            steps.addAll(broken.get(b));
        }
        return FindingsTest.base().flow("f", "s1", steps.toArray()).build();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "extra detach",
                "map without attach",
                "nested attach",
                "unmap without attach",
                "unmap without map",
                "detach while mapped",
                "two broken actors"
            })
    void agreesWithTheDirectChecker(String shape) {
        for (boolean candidates : new boolean[] {true, false}) {
            Spec spec = race(candidates ? 2 : 1, shape);
            AgreementRun.Comparison c = AgreementRun.compare(spec, new AlloyChecker(), new DirectChecker(), candidates);
            assertFalse(c.limited(), "no engine hits a limit: " + c.alloy());
            assertEquals(c.direct(), c.alloy(), shape + (candidates ? ", with candidates" : ", search alone"));
        }
    }

    /**
     * An extra detach between sessions is harmful (it can detach another actor's session): hb keeps every racy
     * step, but every unmap (the map/unmap pairs are whole) and the broken actor's steps before the detach are
     * decided.
     */
    @Test
    void anExtraDetachKeepsTheFullOrderButDecidesWhatItCannotReach() {
        FlowFacts facts = new FlowFacts(race(3, "extra detach").flows().get(0));
        assertEquals(facts.racy, facts.ordered, "no step leaves hb");
        for (int x : facts.deviceSteps) {
            Operation op = facts.device(x).op();
            boolean broken = facts.order.actor(x) == 3;
            boolean extra = broken && x == facts.deviceSteps.get(facts.deviceSteps.size() - 1);
            boolean decided = op == Operation.UNMAP || broken && !extra && op != Operation.ATTACH;
            assertEquals(decided, facts.sessionSafe.get(x), "decided: " + op + " of actor " + facts.order.actor(x));
        }
        assertTrue(facts.fixedOutcome.keySet().stream().noneMatch(facts.racy::get));
    }

    /**
     * A nested attach is harmless (taken inside the actor's own session, it always fails): it is decided with its
     * error, the actor's later steps never run, and the device's maps and unmaps leave hb as on a session device.
     */
    @Test
    void aNestedAttachIsDecidedAndTheDeviceStaysASessionDevice() {
        FlowFacts facts = new FlowFacts(race(2, "nested attach").flows().get(0));
        List<Integer> broken = stepsOf(facts, 2);
        assertEquals(FlowFacts.DevOutcome.UNBALANCED, facts.fixedOutcome.get(broken.get(1)));
        for (int x : facts.deviceSteps) {
            Operation op = facts.device(x).op();
            boolean later = broken.indexOf(x) > 1;
            assertEquals(
                    op != Operation.ATTACH || broken.indexOf(x) >= 1,
                    facts.sessionSafe.get(x),
                    "decided: " + op + (later ? " (never runs)" : ""));
            assertEquals(op == Operation.MAP || op == Operation.UNMAP, facts.inner.get(x), "left out of hb: " + op);
        }
    }

    /**
     * A map/unmap pair before the actor's sessions is a borrow (it can only succeed on another actor's open,
     * unmapped session): no step is harmful, every unmap is decided, every map and detach inside a session is
     * decided up to the open borrows (BorrowGated), the borrow's map is left to the order, and every racy step
     * stays in hb (a borrow's map reads whether the owner's session is mapped).
     */
    @Test
    void aMapBeforeTheSessionsIsABorrow() {
        FlowFacts facts = new FlowFacts(race(3, "map without attach").flows().get(0));
        assertEquals(facts.racy, facts.ordered, "no step leaves hb");
        List<Integer> broken = stepsOf(facts, 3);
        BitSet borrows = new BitSet();
        borrows.set(broken.get(0));
        borrows.set(broken.get(1));
        assertEquals(borrows, facts.borrows);
        for (int x : facts.deviceSteps) {
            Operation op = facts.device(x).op();
            boolean borrowMap = x == broken.get(0);
            assertEquals(op == Operation.UNMAP, facts.sessionSafe.get(x), "decided: " + op);
            assertEquals(
                    !borrowMap && (op == Operation.MAP || op == Operation.DETACH),
                    facts.borrowGated.get(x),
                    "gated: " + op + (borrowMap ? " (the borrow's)" : ""));
        }
        assertTrue(facts.fixedOutcome.keySet().stream().noneMatch(facts.racy::get));
    }

    /**
     * On a device with a borrow, an unmap inside the actor's own unmapped session can unmap the borrower's map:
     * it is harmful, so the steps that can run after it are not decided, unlike on a device without borrows,
     * where the same unmap always fails (see "unmap without map").
     */
    @Test
    void anUnmapInsideASessionIsHarmfulWhereSomeoneBorrows() {
        List<Object> steps = new ArrayList<>(List.of("actor a", "attach gpu", "unmap gpu", "detach gpu"));
        steps.addAll(List.of("actor b", "map gpu", "unmap gpu", "actor c"));
        steps.addAll(SESSION);
        Spec spec = FindingsTest.base().flow("f", "s1", steps.toArray()).build();
        FlowFacts facts = new FlowFacts(spec.flows().get(0));
        int unmap = facts.deviceSteps.get(1);
        assertFalse(facts.sessionSafe.get(unmap), "the unmap can succeed on b's borrow");
        assertFalse(facts.fixedOutcome.containsKey(unmap));
        assertTrue(facts.borrowGated.isEmpty(), "nothing is protected from the harmful unmap");
        AgreementRun.Comparison c = AgreementRun.compare(spec, new AlloyChecker(), new DirectChecker(), false);
        assertEquals(c.direct(), c.alloy());
        var borrowUnmap = spec.flows().get(0).actors().get(1).steps().get(1).loc();
        assertTrue(
                c.findings().stream()
                        .anyMatch(f -> f.id().equals("flow.map-before-attach")
                                && f.loc().equals(borrowUnmap)),
                "b's unmap fails once a's unmap took b's map: " + c.direct());
    }

    /**
     * An unmap before the actor's sessions is harmful and can run first, so it protects nothing; but it can only
     * succeed on a mapped session, after which no step on the device succeeds (the poison lemma): every map and
     * detach inside a session is decided, every session's unmap fails iff the stray unmap ran before it
     * (PoisonGated), the actor's next step (its attach) always fails and its later steps never run.
     */
    @Test
    void aStrayUnmapPoisonsTheDevice() {
        FlowFacts facts = new FlowFacts(race(3, "unmap without attach").flows().get(0));
        List<Integer> broken = stepsOf(facts, 3);
        BitSet poison = new BitSet();
        poison.set(broken.get(0));
        assertEquals(poison, facts.poison);
        assertEquals(FlowFacts.DevOutcome.UNBALANCED, facts.fixedOutcome.get(broken.get(1)));
        for (int x : facts.deviceSteps) {
            Operation op = facts.device(x).op();
            boolean tame = !broken.contains(x);
            assertEquals(
                    tame && (op == Operation.MAP || op == Operation.DETACH) || broken.indexOf(x) >= 1,
                    facts.sessionSafe.get(x),
                    "decided: " + op + (tame ? "" : " of the broken actor"));
            assertEquals(tame && op == Operation.UNMAP, facts.poisonGated.get(x), "gated: " + op);
        }
    }

    @Test
    void identicalActorsAreTwinsUnlessWaitedOn() {
        Spec spec = FindingsTest.base()
                .flow(
                        "f",
                        "s1",
                        "actor a",
                        "attach gpu",
                        "l: map gpu",
                        "actor b",
                        "attach gpu",
                        "map gpu",
                        "actor c",
                        "attach gpu",
                        "map gpu",
                        "actor d",
                        "wait a.l",
                        "attach gpu",
                        "actor e",
                        "attach gpu",
                        "unmap gpu")
                .build();
        Twins twins = Twins.of(spec.flows().get(0));
        assertEquals(List.of(2), twins.of(1), "b and c are twins; a is waited on");
        assertEquals(List.of(), twins.of(0));
        assertEquals(List.of(), twins.of(4));
    }

    /** The device steps of actor {@code actor}, in order. */
    private static List<Integer> stepsOf(FlowFacts facts, int actor) {
        return facts.deviceSteps.stream()
                .filter(x -> facts.order.actor(x) == actor)
                .toList();
    }
}
