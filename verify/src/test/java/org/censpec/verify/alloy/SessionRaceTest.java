package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Flow;
import org.censpec.model.Operation;
import org.censpec.model.Spec;
import org.censpec.verify.AgreementRun;
import org.censpec.verify.direct.DirectChecker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crowded races on one device (issue 28): N identical actors each run two whole sessions {@code attach d; map d;
 * unmap d; detach d;} on the one device, no waits. The device is a session device (docs/alloy-encoding.md,
 * "Session devices"): its maps, unmaps and detaches are SessionSafe and hb orders only its attaches and detaches.
 * Whole findings (id, location, message, trace) must equal the direct checker's, finding by finding.
 */
class SessionRaceTest {

    /** N actors, each {@code rounds} times through attach/map/unmap/detach on device gpu. */
    static Spec race(int actors, int rounds) {
        List<Object> steps = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            steps.add("actor x" + a);
            for (int r = 0; r < rounds; r++) {
                steps.addAll(List.of("attach gpu", "map gpu", "unmap gpu", "detach gpu"));
            }
        }
        return FindingsTest.base().flow("f", "s1", steps.toArray()).build();
    }

    /** As {@code censpec check} runs it: the direct checker's findings offered as candidates, then the search. */
    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 8})
    void identicalActorsRacingAgreeWithTheDirectChecker(int actors) {
        Spec spec = race(actors, 2);
        AgreementRun.Comparison c = AgreementRun.compare(spec, new AlloyChecker(), new DirectChecker());
        assertFalse(c.limited(), "no engine hits a limit: " + c.alloy());
        assertEquals(c.direct(), c.alloy());
        // every attach can meet another actor's open session, and can run after another's first map
        assertEquals(4 * actors, c.direct().size(), String.join("\n", c.direct()));
    }

    /**
     * The model alone: every finding comes from its own search, each witness replayed through the step
     * semantics (a witness that does not replay would be verify.mismatch).
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void theSearchAloneFindsEveryFinding(int actors) {
        Spec spec = race(actors, 2);
        AgreementRun.Comparison c = AgreementRun.compare(spec, new AlloyChecker(), new DirectChecker(), false);
        assertFalse(c.limited(), "no engine hits a limit: " + c.alloy());
        assertEquals(c.direct(), c.alloy());
    }

    @org.junit.jupiter.api.Test
    void theRaceIsEncodedAsASessionDevice() {
        Flow f = race(3, 2).flows().get(0);
        FlowFacts facts = new FlowFacts(f);
        for (int x : facts.deviceSteps) {
            Operation op = facts.device(x).op();
            assertTrue(facts.racy.get(x), "every step races");
            assertEquals(op != Operation.ATTACH, facts.sessionSafe.get(x), "session-safe: " + op);
            assertEquals(op == Operation.ATTACH || op == Operation.DETACH, facts.ordered.get(x), "hb orders " + op);
        }
    }

    /**
     * One actor that leaves the session shape inside its own session (detach while mapped): that detach always
     * fails (decided, with its error), its unmap never runs, and the device keeps the session device's encoding.
     */
    @org.junit.jupiter.api.Test
    void aSessionBrokenInsideItselfIsDecided() {
        List<Object> steps = new ArrayList<>(List.of("actor x0", "attach gpu", "map gpu", "unmap gpu", "detach gpu"));
        steps.addAll(List.of("actor x1", "attach gpu", "map gpu", "unmap gpu", "detach gpu"));
        steps.addAll(List.of("actor x2", "attach gpu", "map gpu", "detach gpu", "unmap gpu"));
        Spec spec = FindingsTest.base().flow("f", "s1", steps.toArray()).build();
        FlowFacts facts = new FlowFacts(spec.flows().get(0));
        int detach = facts.deviceSteps.get(10);
        assertEquals(FlowFacts.DevOutcome.UNBALANCED, facts.fixedOutcome.get(detach));
        for (int x : facts.deviceSteps) {
            assertEquals(facts.device(x).op() != Operation.ATTACH, facts.sessionSafe.get(x), "decided: " + x);
        }
        AgreementRun.Comparison c = AgreementRun.compare(spec, new AlloyChecker(), new DirectChecker(), false);
        assertFalse(c.limited(), "no engine hits a limit: " + c.alloy());
        assertEquals(c.direct(), c.alloy());
        assertTrue(
                c.direct().stream().anyMatch(k -> k.contains("x2's `detach gpu` can run while gpu is still mapped")),
                c.direct().toString());
    }
}
