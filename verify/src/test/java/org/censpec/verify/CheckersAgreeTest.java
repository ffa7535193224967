package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.check.SpecValidator;
import org.censpec.verify.alloy.AlloyChecker;
import org.censpec.verify.direct.DirectChecker;

/**
 * The Alloy model and the direct checker report the same findings, whole (id, location,
 * message, trace and fixes), for random specs (RandomSpecs). The number of specs is jqwik.tries.default
 * (src/test/resources/junit-platform.properties: 1000; see docs/alloy-encoding.md for a
 * 100 000-spec run).
 */
class CheckersAgreeTest {
    private final AlloyChecker alloy = new AlloyChecker();
    private final DirectChecker direct = new DirectChecker();

    @Property
    void alloyAndDirectCheckerAgree(@ForAll long seed) {
        Spec spec = RandomSpecs.generate(seed);
        assertEquals(List.of(), SpecValidator.validate(spec), "generator made an invalid spec");
        Set<String> a = keys(alloy.check(spec, Duration.ofSeconds(120)));
        Set<String> d = keys(direct.check(spec));
        assertEquals(d, a, "seed " + seed + "\n" + alloy.alloyModel(spec));
    }

    /**
     * Wider flows (up to 6 actors with up to 6 device steps, unmap/detach, several waits each):
     * the direct checker's reduced search and the Alloy slices agree.
     */
    @Property(tries = 60)
    void alloyAndDirectCheckerAgreeOnWideFlows(@ForAll long seed) {
        Spec spec = RandomSpecs.generateWide(seed);
        assertEquals(List.of(), SpecValidator.validate(spec), "generator made an invalid spec");
        Set<String> a = keys(alloy.check(spec, Duration.ofSeconds(300)));
        Set<String> d = keys(direct.check(spec));
        assertEquals(d, a, "seed " + seed + "\n" + alloy.alloyModel(spec));
    }

    /** Whole findings: id, severity, location, message, trace, fixes. */
    private static Set<String> keys(List<Finding> findings) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            out.add(f.id() + " " + f.severity() + " @" + f.loc() + " " + f.message() + "\n  trace " + f.trace()
                    + "\n  fixes " + f.fixes());
        }
        return out;
    }
}
