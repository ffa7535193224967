package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The short form of the long agreement run (verify/agreement-run.sh): seeds 0-299 of
 * {@link RandomSpecs#generateMixed}, where both engines must agree, and which must still reach
 * what the generator is for (boundary, wide and crowded modes, suppressed findings, unused suppressions,
 * the flow findings), so a generator that stops reaching them fails here.
 */
class AgreementRunTest {
    /** What seeds 0-299 reach; {@code flow.attach-rejected} needs disjoint satisfiable masks (long run). */
    private static final Set<String> REACHED = Set.of(
            "allocator.unused",
            "device.unsatisfiable",
            "flow.attach-after-map",
            "flow.deadlock",
            "flow.late-attach",
            "flow.map-before-attach",
            "flow.never-maps",
            "flow.unbalanced",
            "share.empty-intersection",
            "share.too-large",
            "suppression.unused");

    @Test
    void enginesAgreeOnTheMixedGenerator() {
        AgreementRun.Result r = AgreementRun.run(0, 300, 2, System.out);
        System.out.print(AgreementRun.report(r));
        assertEquals(List.of(), r.disagreements(), "seeds where Alloy and the direct checker disagree");
        assertEquals(0, r.limited(), "specs where an engine hit a resource limit");
        assertEquals(Set.of("BASIC", "BOUNDARY", "WIDE", "CROWDED"), r.modes().keySet());
        assertTrue(
                r.findings().keySet().containsAll(REACHED),
                "reached only " + r.findings().keySet());
        assertTrue(r.suppressed() > 0, "no finding was suppressed");
    }
}
