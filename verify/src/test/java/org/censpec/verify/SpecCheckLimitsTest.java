package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.parse.SpecReader;
import org.censpec.model.rules.SemanticRules;
import org.censpec.model.rules.VerifyRules;
import org.junit.jupiter.api.Test;

/** A resource limit of one engine is reported as that limit, never as verify.mismatch. */
class SpecCheckLimitsTest {
    private static final Spec SPEC = new SpecReader().parse("t.cen", """
            spec t; ram 1G;
            allocator a { backend pages; }
            device x { dma_bits 32; }
            device y { dma_bits 32; }
            share s { x, y }
            flow f on s {
              actor p { attach x; map x; }
              actor q { attach y; map y; }
            }
            flow g on s {
              actor p { attach x; map x; }
            }
            """).spec().orElseThrow();
    private static final Flow F = SPEC.flows().get(0);
    private static final Flow G = SPEC.flows().get(1);

    private static Finding inF() {
        return Finding.of(
                SemanticRules.ATTACH_AFTER_MAP,
                new Subject.StepOf(
                        F, F.actors().get(1), F.actors().get(1).steps().get(0)),
                F.actors().get(1).steps().get(0).loc(),
                "late");
    }

    private static List<String> ids(List<Finding> out) {
        return out.stream().map(Finding::id).sorted().toList();
    }

    @Test
    void directStateLimitOnAFlowIsReportedAsTheLimit() {
        List<Finding> alloy = List.of(inF());
        List<Finding> direct =
                List.of(Finding.of(VerifyRules.STATE_LIMIT, new Subject.Of(F), F.loc(), "too many states"));
        assertEquals(
                List.of("flow.attach-after-map", "verify.state-limit"), ids(SpecCheck.crossCheck(SPEC, alloy, direct)));
    }

    @Test
    void alloyOutOfTimeOnAFlowIsReportedAsTheLimit() {
        List<Finding> alloy = List.of(Finding.of(VerifyRules.BUDGET, new Subject.Of(F), F.loc(), "slow"));
        List<Finding> direct = List.of(inF());
        assertEquals(List.of("verify.budget"), ids(SpecCheck.crossCheck(SPEC, alloy, direct)));
    }

    @Test
    void aDisagreementOnAnotherFlowIsStillAMismatch() {
        List<Finding> alloy = List.of(Finding.of(VerifyRules.BUDGET, new Subject.Of(F), F.loc(), "slow"));
        List<Finding> direct = List.of(
                inF(),
                Finding.of(
                        SemanticRules.UNBALANCED,
                        new Subject.StepOf(
                                G, G.actors().get(0), G.actors().get(0).steps().get(1)),
                        G.actors().get(0).steps().get(1).loc(),
                        "x"));
        List<Finding> out = SpecCheck.crossCheck(SPEC, alloy, direct);
        assertTrue(ids(out).contains("verify.mismatch"), out.toString());
        assertTrue(out.stream()
                .filter(f -> f.id().equals("verify.mismatch"))
                .allMatch(f -> f.message().contains("flow.unbalanced")));
    }

    @Test
    void anUnfinishedStaticModuleSkipsTheComparison() {
        List<Finding> alloy = List.of(Finding.of(VerifyRules.BUDGET, SPEC.loc(), "parsing"));
        List<Finding> direct = List.of(inF());
        assertEquals(List.of("verify.budget"), ids(SpecCheck.crossCheck(SPEC, alloy, direct)));
    }

    @Test
    void alloyOutOfMemoryOnAFlowIsReportedAsTheLimit() {
        List<Finding> alloy = List.of(Finding.of(VerifyRules.MEMORY_LIMIT, new Subject.Of(F), F.loc(), "out of heap"));
        List<Finding> direct = List.of(inF());
        assertEquals(List.of("verify.memory-limit"), ids(SpecCheck.crossCheck(SPEC, alloy, direct)));
    }

    @Test
    void anOutOfMemoryErrorWrappedByAlloyIsRecognised() {
        // how Alloy reports an OutOfMemoryError thrown inside Kodkod or the SAT solver
        Exception wrapped =
                new Exception("Fatal error:\nUnknown exception occurred: java.lang.OutOfMemoryError: Java heap space");
        assertTrue(org.censpec.verify.alloy.AlloyChecker.outOfMemory(wrapped));
        assertTrue(org.censpec.verify.alloy.AlloyChecker.outOfMemory(new RuntimeException(new OutOfMemoryError())));
        assertEquals(
                false, org.censpec.verify.alloy.AlloyChecker.outOfMemory(new IllegalStateException("parse error")));
    }
}
