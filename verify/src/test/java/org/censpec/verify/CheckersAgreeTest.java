package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.censpec.model.Spec;
import org.censpec.model.check.SpecValidator;
import org.censpec.verify.alloy.AlloyChecker;
import org.censpec.verify.direct.DirectChecker;

/**
 * The Alloy model and the direct checker report the same findings, whole (id, severity, subject,
 * location, message, trace, fixes, suppression; {@link AgreementRun#compare}), for random specs
 * (RandomSpecs). The number of specs is jqwik.tries.default (src/test/resources/junit-platform.properties:
 * 1000); {@code AgreementRunTest} runs the mixed generator and verify/agreement-run.sh the long run
 * (docs/alloy-encoding.md, "Agreement at scale").
 */
class CheckersAgreeTest {
    private final AlloyChecker alloy = new AlloyChecker();
    private final DirectChecker direct = new DirectChecker();

    /** The Alloy engine alone (its own search for every finding, no candidates) against the direct checker. */
    @Property
    void alloyAndDirectCheckerAgree(@ForAll long seed) {
        assertAgree(seed, RandomSpecs.generate(seed), false);
    }

    /**
     * Wider flows (up to 6 actors with up to 6 device steps, unmap/detach, several waits each):
     * the direct checker's reduced search and the Alloy slices agree (as censpec check runs them).
     */
    @Property(tries = 60)
    void alloyAndDirectCheckerAgreeOnWideFlows(@ForAll long seed) {
        assertAgree(seed, RandomSpecs.generateWide(seed), true);
    }

    /**
     * Crowded flows, as many actors as the language allows (12-16 actors, mostly each on a device of its own,
     * labelled waits, waits on them and chains of those): both engines agree (as censpec check runs them), and
     * neither hits a limit.
     */
    @Property(tries = 30)
    void alloyAndDirectCheckerAgreeOnCrowdedFlows(@ForAll long seed) {
        assertAgree(seed, RandomSpecs.generateCrowded(seed, 12), true);
    }

    /** {@code candidates}: as censpec check runs it (the direct checker's findings offered to Alloy), or Alloy alone. */
    private void assertAgree(long seed, Spec spec, boolean candidates) {
        assertEquals(List.of(), SpecValidator.validate(spec), "generator made an invalid spec");
        AgreementRun.Comparison c = AgreementRun.compare(spec, alloy, direct, candidates);
        assertFalse(c.limited(), "seed " + seed + ": an engine hit a resource limit");
        assertEquals(c.direct(), c.alloy(), "seed " + seed + "\n" + alloy.alloyModel(spec));
    }
}
