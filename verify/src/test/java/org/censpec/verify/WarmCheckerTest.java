package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.censpec.model.Finding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The warm checker gives a cold check's findings and re-solves only the modules an edit changed. */
class WarmCheckerTest {
    private static final String SPEC = """
            spec w; ram 4G;
            property contiguous;
            allocator cma { backend contiguous; provides contiguous; below 1G; }
            allocator sys { backend pages; }
            device cam { dma_bits 32; requires contiguous; }
            device gpu { dma_bits 32; }
            device nic { dma_bits DMA; forbids contiguous; }
            share s { cam, gpu, nic }
            flow ok on s {
              actor a { x: attach cam; wait b.y; map cam; }
              actor b { y: attach gpu; wait a.x; map gpu; }
            }
            flow late on s {
              actor a { attach gpu; map gpu; }
              actor b { attach STEP; }
            }
            flow other on s {
              actor a { attach nic; map nic; unmap nic; detach nic; }
            }
            """;

    private static String spec(String dma, String step) {
        return SPEC.replace("DMA", dma).replace("STEP", step);
    }

    private static List<String> render(List<Finding> fs) {
        return fs.stream()
                .map(f -> f.id() + "@" + f.loc() + " " + f.message() + " " + f.trace())
                .toList();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anEditReSolvesOnlyTheModulesItChanges(Engine engine) {
        WarmChecker warm = new WarmChecker(engine, Duration.ofSeconds(60));
        SpecCheck cold = new SpecCheck(engine, Duration.ofSeconds(60));

        WarmChecker.Result first = warm.check("w.cen", spec("32", "nic"));
        assertEquals(
                render(cold.check("w.cen", spec("32", "nic")).findings()),
                render(first.checked().findings()));
        assertEquals(4, first.modulesChecked(), "static module and three flows");
        assertEquals(0, first.modulesReused());
        assertEquals(first.checked().findings(), first.added());
        assertTrue(first.checked().findings().stream().anyMatch(f -> f.id().equals("flow.late-attach")));

        // One step of flow `late` changes (same line): only its slice is solved again.
        WarmChecker.Result second = warm.check("w.cen", spec("32", "cam"));
        assertEquals(
                render(cold.check("w.cen", spec("32", "cam")).findings()),
                render(second.checked().findings()));
        assertEquals(1, second.modulesChecked());
        assertEquals(3, second.modulesReused());
        assertTrue(
                second.removed().stream().anyMatch(f -> f.id().equals("flow.late-attach")),
                second.removed().toString());
        assertTrue(
                second.added().stream().anyMatch(f -> f.id().equals("flow.attach-after-map")),
                second.added().toString());

        // A device attribute changes: the static module and the flows using the device.
        WarmChecker.Result third = warm.check("w.cen", spec("40", "cam"));
        assertEquals(
                render(cold.check("w.cen", spec("40", "cam")).findings()),
                render(third.checked().findings()));
        assertEquals(2, third.modulesChecked(), "the static module and flow other use nic");
        assertEquals(2, third.modulesReused());

        // The same text again: nothing solved, nothing changed.
        WarmChecker.Result again = warm.check("w.cen", spec("40", "cam"));
        assertEquals(0, again.modulesChecked());
        assertEquals(List.of(), again.added());
        assertEquals(List.of(), again.removed());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void specErrorsAreReportedWithoutSolving(Engine engine) {
        WarmChecker warm = new WarmChecker(engine, Duration.ofSeconds(60));
        WarmChecker.Result r = warm.check("w.cen", spec("32", "nosuch"));
        assertTrue(
                r.checked().findings().stream()
                        .anyMatch(f -> f.id().equals("spec.not-in-share") || f.id().equals("spec.undefined")),
                r.checked().findings().toString());
        assertEquals(0, r.modulesChecked());
    }
}
