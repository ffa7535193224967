package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

/** How the two engines' answers combine: a resource limit is never a disagreement. */
class CrossCheckTest {
    private static final String TEXT = """
            spec c;
            ram 1G;
            allocator a { backend pages; }
            device d { dma_bits 32; }
            device e { dma_bits 32; }
            share s { d, e }
            flow f on s {
                actor x { attach d; map d; }
                actor y { attach e; }
            }
            flow g on s {
                actor z { map d; }
            }
            """;

    private final Spec spec = new SpecReader().parse("c.cen", TEXT).spec().orElseThrow();

    private static Finding at(String id, SourceLocation loc) {
        return Finding.error(id, loc, id);
    }

    private Finding atFlow(String id, int flow) {
        return at(id, spec.flows().get(flow).loc());
    }

    private Finding atStep(String id, int flow, int actor, int step) {
        return at(id, spec.flows().get(flow).actors().get(actor).steps().get(step).loc());
    }

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(f -> f.id() + "@" + f.loc().line()).toList();
    }

    @Test
    void aFlowTheDirectCheckerGaveUpOnIsReportedAsItsLimitNotAsAMismatch() {
        List<Finding> alloy = List.of(atStep("flow.late-attach", 0, 1, 0), atStep("flow.map-before-attach", 1, 0, 0));
        List<Finding> direct = List.of(atFlow("verify.state-limit", 0), atStep("flow.map-before-attach", 1, 0, 0));
        assertEquals(List.of("verify.state-limit@7", "flow.late-attach@9", "flow.map-before-attach@12"),
                ids(SpecCheck.crossCheck(spec, alloy, direct)));
    }

    @Test
    void theOtherFlowsAreStillCrossChecked() {
        List<Finding> alloy = List.of(atStep("flow.late-attach", 0, 1, 0));
        List<Finding> direct = List.of(atFlow("verify.state-limit", 0), atStep("flow.map-before-attach", 1, 0, 0));
        assertEquals(List.of("verify.state-limit@7", "flow.late-attach@9", "verify.mismatch@1"),
                ids(SpecCheck.crossCheck(spec, alloy, direct)));
    }

    @Test
    void anAlloyTimeoutIsReportedAsItsLimit() {
        List<Finding> alloy = List.of(atFlow("verify.timeout", 0));
        List<Finding> direct = List.of(atStep("flow.late-attach", 0, 1, 0));
        assertEquals(List.of("verify.timeout@7"), ids(SpecCheck.crossCheck(spec, alloy, direct)));
    }
}
