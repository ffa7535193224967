package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.TraceStep;
import org.censpec.model.rules.SemanticRules;
import org.censpec.verify.direct.DirectChecker;
import org.junit.jupiter.api.Test;

/**
 * Candidates (another engine's findings offered to the Alloy engine) change how many solves a check takes,
 * never its findings: confirmed candidates are the model's findings, a wrong candidate is not reported, a
 * missing one is still found by the model's own search.
 */
class CandidatesTest {
    private static final Duration T = Duration.ofSeconds(60);

    /** Flows with several findings each: late attach, attach after map, unbalanced, map before attach, deadlock. */
    static Spec spec() {
        return FindingsTest.base()
                .device("both", 40)
                .share("s4", "gpu", "nic", "both", "cam")
                .flow(
                        "f",
                        "s4",
                        "actor a",
                        "attach gpu",
                        "map gpu",
                        "map gpu",
                        "actor b",
                        "attach both",
                        "actor c",
                        "y: attach nic",
                        "actor d",
                        "map cam")
                .flow(
                        "g",
                        "s1",
                        "actor a",
                        "attach cam",
                        "wait b.y",
                        "x: map cam",
                        "actor b",
                        "attach gpu",
                        "wait a.x",
                        "y: map gpu")
                .build();
    }

    @Test
    void theDirectCheckersFindingsGiveTheSameFindingsAsTheModelAlone() {
        Spec s = spec();
        List<Finding> direct = new DirectChecker().check(s);
        List<Finding> alone = new AlloyChecker().check(s, T);
        assertFalse(alone.stream().anyMatch(f -> f.id().startsWith("verify.")), alone.toString());
        assertEquals(alone, new AlloyChecker().check(s, T, direct));
        assertEquals(direct, alone);
    }

    @Test
    void aMissingCandidateIsStillFoundAndAWrongOneIsNotReported() {
        Spec s = spec();
        List<Finding> alone = new AlloyChecker().check(s, T);
        List<Finding> direct = new DirectChecker().check(s);
        List<Finding> wrong = new ArrayList<>();
        for (Finding f : direct) {
            if (f.id().equals("flow.unbalanced")) {
                continue; // missing: the model's search must find it
            }
            wrong.add(f);
            if (f.id().equals("flow.late-attach")) {
                // the same execution does not end in an attach-after-map: the model must reject it
                wrong.add(Finding.of(SemanticRules.ATTACH_AFTER_MAP, Subject.WHOLE, f.loc(), "bogus", f.trace()));
            }
        }
        // a trace that is no run of the flow (its steps out of program order) is ignored
        Finding any = direct.stream()
                .filter(f -> f.id().startsWith("flow.") && f.trace().size() > 1)
                .findFirst()
                .orElseThrow();
        List<TraceStep> reversed = new ArrayList<>(any.trace());
        java.util.Collections.reverse(reversed);
        wrong.add(Finding.of(SemanticRules.MAP_BEFORE_ATTACH, Subject.WHOLE, any.loc(), "bogus", reversed));
        assertEquals(alone, new AlloyChecker().check(s, T, wrong));
    }
}
