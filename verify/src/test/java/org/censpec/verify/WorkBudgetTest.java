package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.censpec.verify.budget.WorkBudget;
import org.censpec.verify.budget.WorkMeter;
import org.junit.jupiter.api.Test;

/**
 * One work budget per spec (issue 29): a spec over it gets exactly one located {@code verify.budget} finding
 * per flow not checked, in the same words and order on both engines and in the warm checker; the flows checked
 * before it ran out keep their verdicts.
 */
class WorkBudgetTest {
    /** A flow with an error, then the worst flow's shape on 8 devices (far over 1 000 states), then two small ones. */
    static final String TEXT = spec();

    private static String spec() {
        StringBuilder sb = new StringBuilder("spec b;\nram 4G;\nproperty contiguous;\nproperty low;\n");
        sb.append("allocator cma { backend contiguous; provides contiguous, low; below 1G; }\n")
                .append("allocator dma32 { backend pages; provides low; below 4G; }\n")
                .append("allocator sys { backend pages; }\n");
        String[] requires = {" requires contiguous;", " requires low;", ""};
        List<String> devices = new ArrayList<>();
        for (int d = 0; d < 8; d++) {
            sb.append("device d")
                    .append(d)
                    .append(" { dma_bits ")
                    .append(d % 2 == 0 ? 30 : 32)
                    .append(';');
            sb.append(requires[d % 3]).append(" }\n");
            devices.add("d" + d);
        }
        sb.append("share s { ").append(String.join(", ", devices)).append(" }\n");
        sb.append("flow early on s { actor a { map d0; } }\nflow wide on s {\n");
        for (int a = 0; a < 8; a++) {
            sb.append("  actor a")
                    .append(a)
                    .append(" { attach d")
                    .append(a)
                    .append("; map d")
                    .append(a);
            sb.append("; unmap d").append(a).append("; detach d").append(a).append("; }\n");
        }
        sb.append("}\nflow late on s { actor a { attach d1; detach d1; } }\n");
        sb.append("flow last on s { actor a { attach d2; map d2; unmap d2; detach d2; } }\n");
        return sb.toString();
    }

    private static final WorkBudget SMALL = new WorkBudget(1_000, Duration.ofSeconds(120));

    private static List<String> lines(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.id() + "@" + f.loc().line() + ":" + f.loc().column() + " " + f.message())
                .toList();
    }

    private static Spec parsed() {
        return new SpecReader().parse("b.cen", TEXT).spec().orElseThrow();
    }

    private static String at(String flow) {
        Flow f = parsed().flows().stream()
                .filter(x -> x.name().equals(flow))
                .findFirst()
                .orElseThrow();
        return "verify.budget@" + f.loc().line() + ":" + f.loc().column() + " flow " + flow;
    }

    @Test
    void aSpecOverItsStateBudgetGetsOneLocatedFindingPerFlowLeftOnBothEngines() {
        List<String> expectedBudget = List.of(
                at("wide") + " was not fully checked: the spec's budget of 1000 states ran out while checking it;"
                        + " raise it with --max-states",
                at("late") + " was not checked: the spec's budget of 1000 states ran out at flow wide;"
                        + " raise it with --max-states",
                at("last") + " was not checked: the spec's budget of 1000 states ran out at flow wide;"
                        + " raise it with --max-states");
        List<String> direct = lines(new SpecCheck(Engine.DIRECT, SMALL, List.of())
                .check("b.cen", TEXT)
                .findings());
        assertEquals(
                expectedBudget,
                direct.stream().filter(l -> l.startsWith("verify.")).toList(),
                String.join("\n", direct));
        assertEquals(
                3, direct.stream().filter(l -> l.startsWith("verify.budget@")).count());
        // the flow checked before the budget ran out keeps its verdict
        assertTrue(direct.stream().anyMatch(l -> l.startsWith("flow.map-before-attach@")), direct.toString());
        List<String> alloy = lines(new SpecCheck(Engine.ALLOY, SMALL, List.of())
                .check("b.cen", TEXT)
                .findings());
        assertEquals(direct, alloy, "the same findings, words and order on both engines");
        assertEquals(
                direct,
                lines(new SpecCheck(Engine.DIRECT, SMALL, List.of())
                        .check("b.cen", TEXT)
                        .findings()));
    }

    @Test
    void theWarmCheckerSpendsTheSameBudget() {
        for (Engine engine : Engine.values()) {
            List<String> cold = lines(
                    new SpecCheck(engine, SMALL, List.of()).check("b.cen", TEXT).findings());
            WarmChecker warm = new WarmChecker(engine, SMALL, List.of());
            assertEquals(cold, lines(warm.check("b.cen", TEXT).checked().findings()), engine.name());
            // a second check of an edited buffer re-checks what ran out, with a fresh budget
            warm.check("b.cen", TEXT + "\n");
            assertEquals(cold, lines(warm.check("b.cen", TEXT).checked().findings()), engine.name());
        }
    }

    /** Two small flows; the budget one state more than the first costs: the second runs out, cold or warm. */
    @Test
    void aReusedVerdictIsChargedItsStatesSoTheWarmCheckerRunsOutWhereTheColdOneDoes() {
        String text = """
                spec w; ram 4G;
                allocator a { backend pages; }
                device x { dma_bits 32; }
                device y { dma_bits 32; }
                device z { dma_bits 32; }
                share s { x, y, z }
                flow p on s { actor a { attach x; map x; } actor b { attach y; } actor c { attach z; map z; } }
                flow q on s { actor a { attach x; map x; } }
                """;
        Spec spec = new SpecReader().parse("w.cen", text).spec().orElseThrow();
        // what p costs, its trace and fix searches included; one state more leaves q's search no room
        WorkMeter probe = new WorkBudget(WorkBudget.MAX_STATES, Duration.ofSeconds(60)).start();
        new org.censpec.verify.direct.DirectChecker()
                .checkFlow(spec, spec.flows().get(0), null, probe);
        long both = WorkBudget.MAX_STATES - probe.statesLeft() + 2;
        WorkBudget oneShort = new WorkBudget(both - 1, Duration.ofSeconds(120));
        List<String> cold = lines(new SpecCheck(Engine.DIRECT, oneShort, List.of())
                .check("w.cen", text)
                .findings());
        assertEquals(
                List.of("verify.budget@8:6 flow q was not fully checked: the spec's budget of " + (both - 1)
                        + " states ran out while checking it; raise it with --max-states"),
                cold.stream().filter(l -> l.startsWith("verify.")).toList(),
                cold.toString());
        for (Engine engine : Engine.values()) {
            WarmChecker warm = new WarmChecker(engine, oneShort, List.of());
            assertEquals(cold, lines(warm.check("w.cen", text).checked().findings()), engine.name());
            // p's verdict is reused now (an edit after the flows): it still costs its states
            WarmChecker.Result again = warm.check("w.cen", text + "// edited\n");
            assertTrue(again.modulesReused() > 0, engine.name());
            assertEquals(cold, lines(again.checked().findings()), engine.name());
        }
    }

    @Test
    void theTimeBudgetLeavesEachFlowItsVerdictOrOneFindingOnBothEngines() {
        WorkBudget instant = new WorkBudget(WorkBudget.MAX_STATES, Duration.ofMillis(1));
        for (Engine engine : Engine.values()) {
            List<Finding> fs = new SpecCheck(engine, instant, List.of())
                    .check("b.cen", TEXT)
                    .findings();
            List<Finding> budget =
                    fs.stream().filter(f -> f.id().equals("verify.budget")).toList();
            assertFalse(budget.isEmpty(), engine + ": " + fs);
            assertTrue(
                    budget.stream()
                            .allMatch(f -> f.message().contains("the spec's budget of 1 ms ran out")
                                    && f.message().endsWith("; raise it with --timeout")),
                    engine + ": " + fs);
            Map<Object, Long> perSubject =
                    budget.stream().collect(Collectors.groupingBy(f -> f.loc(), Collectors.counting()));
            assertTrue(perSubject.values().stream().allMatch(n -> n == 1), engine + ": " + fs);
            assertTrue(fs.stream().noneMatch(f -> f.id().equals("verify.mismatch")), engine + ": " + fs);
        }
    }

    @Test
    void optionValuesOutOfRangeAreOneLineNamingTheOption() {
        Function<Runnable, String> message =
                r -> assertThrows(IllegalArgumentException.class, r::run).getMessage();
        assertEquals("--max-states 0: states from 1 to 1000000000000", message.apply(() -> WorkBudget.of(0, 45)));
        assertEquals("--timeout 0: seconds from 1 to 86400", message.apply(() -> WorkBudget.of(1, 0)));
        assertEquals("--timeout 86401: seconds from 1 to 86400", message.apply(() -> WorkBudget.of(1, 86_401)));
        assertEquals(new WorkBudget(5, Duration.ofSeconds(7)), WorkBudget.of(5, 7));
    }
}
