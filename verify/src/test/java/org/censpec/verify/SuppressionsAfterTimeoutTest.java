package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.parse.SpecReader;
import org.censpec.model.rules.VerifyRules;
import org.junit.jupiter.api.Test;

/** A run cut short cannot tell that a suppression is unused: it does not say "remove it". */
class SuppressionsAfterTimeoutTest {
    private static final String SPEC = """
            spec s; ram 1G;
            allocator a { backend pages; }
            device d { dma_bits 32; }
            share sh { d }
            flow f on sh { actor x { attach d; map d; } }
            suppress flow.late-attach on f "started first";
            """;

    @Test
    void anUnmatchedSuppressionIsReportedOnlyAfterACompleteRun() {
        Spec spec = new SpecReader().parse("s.cen", SPEC).spec().orElseThrow();
        Finding timeout = Finding.of(VerifyRules.BUDGET, Subject.WHOLE, spec.loc(), "did not finish");
        assertEquals(
                List.of("verify.budget"),
                Suppressions.apply(spec, List.of(timeout), List.of(), false).stream()
                        .map(Finding::id)
                        .toList());
        assertEquals(
                List.of("suppression.unused"),
                Suppressions.apply(spec, List.of(), List.of(), true).stream()
                        .map(Finding::id)
                        .toList());
    }
}
