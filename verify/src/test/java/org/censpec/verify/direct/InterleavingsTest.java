package org.censpec.verify.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

class InterleavingsTest {
    private static Spec parse(String text) {
        return new SpecReader().parse("t.cen", text).spec().orElseThrow();
    }

    @Test
    void twoIndependentActorsOfTwoStepsHaveSixInterleavings() {
        Spec spec = parse("""
                spec t; ram 1G;
                allocator a { backend pages; }
                device x { dma_bits 32; } device y { dma_bits 32; }
                share s { x, y }
                flow f on s { actor p { attach x; map x; } actor q { attach y; map y; } }
                """);
        ExecutionWalker.Result<Interleavings.Event> r =
                Interleavings.of(spec, spec.flows().get(0), 1, 1000);
        assertFalse(r.truncated());
        assertEquals(6, r.executions().size());
        assertTrue(r.executions().stream().allMatch(e -> e.size() == 4));
        long warned = r.executions().stream()
                .filter(e -> e.stream().anyMatch(ev -> ev.outcome() != null))
                .count();
        assertEquals(2, warned, "ax mx ay my and ay my ax mx attach after the other map");
    }

    @Test
    void executionsStopAtTheFirstErrorAndWaitsOrderSteps() {
        Spec spec = parse("""
                spec t; ram 1G;
                allocator a { backend pages; }
                device x { dma_bits 32; } device y { dma_bits 32; }
                share s { x, y }
                flow f on s { actor p { r: attach x; map y; } actor q { wait p.r; attach y; } }
                """);
        List<List<Interleavings.Event>> ex =
                Interleavings.of(spec, spec.flows().get(0), 1, 1000).executions();
        assertEquals(2, ex.size());
        List<Interleavings.Event> bad = ex.stream()
                .filter(e -> e.get(e.size() - 1).failed())
                .findFirst()
                .orElseThrow();
        assertEquals(
                org.censpec.model.rules.SemanticRules.MAP_BEFORE_ATTACH,
                bad.get(bad.size() - 1).outcome());
        assertEquals(2, bad.size());
    }

    @Test
    void enumerationStopsAtTheLimit() {
        Spec spec = parse("""
                spec t; ram 1G;
                allocator a { backend pages; }
                device x { dma_bits 32; } device y { dma_bits 32; }
                share s { x, y }
                flow f on s { actor p { attach x; map x; unmap x; } actor q { attach y; map y; unmap y; } }
                """);
        ExecutionWalker.Result<Interleavings.Event> r =
                Interleavings.of(spec, spec.flows().get(0), 1, 5);
        assertTrue(r.truncated());
        assertEquals(5, r.executions().size());
    }
}
