package org.censpec.model.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

class WorkLimitsTest {
    private static final String HEAD = "spec w;\nram 1G;\nallocator a { backend pages; }\n";

    private static Spec parse(String text) {
        var r = new SpecReader().parse("w.cen", text);
        assertTrue(r.spec().isPresent(), r.findings().toString());
        return r.spec().get();
    }

    private static String flow(int actors, int steps) {
        StringBuilder sb = new StringBuilder(HEAD).append("device d { dma_bits 32; }\nshare s { d }\nflow f on s {\n");
        for (int a = 0; a < actors; a++) {
            sb.append("  actor x").append(a).append(" {");
            for (int i = 0; i < steps; i++) {
                sb.append(i % 2 == 0 ? " attach d;" : " detach d;");
            }
            sb.append(" }\n");
        }
        return sb.append("}\n").toString();
    }

    private static List<String> limits(List<Finding> f) {
        return f.stream().map(x -> x.message().replaceAll(" \\(.*", "")).toList();
    }

    @Test
    void theLargestAdmittedFlowsFit() {
        assertEquals(List.of(), WorkLimits.check(parse(flow(WorkLimits.MAX_ACTORS_PER_FLOW, 8))));
        assertEquals(List.of(), WorkLimits.check(parse(flow(2, WorkLimits.MAX_STEPS_PER_ACTOR))));
    }

    @Test
    void oneActorTooManyIsOneFindingAtThatActor() {
        List<Finding> f = WorkLimits.check(parse(flow(WorkLimits.MAX_ACTORS_PER_FLOW + 1, 2)));
        assertEquals(1, f.size(), f.toString());
        assertEquals("spec.range", f.get(0).id());
        assertEquals(7 + WorkLimits.MAX_ACTORS_PER_FLOW, f.get(0).loc().line());
        assertTrue(
                f.get(0).message().startsWith("at most 16 actors per flow (flow 'f')"),
                f.get(0).message());
    }

    @Test
    void stepsAreLimitedPerActorPerFlowAndPerSpec() {
        List<Finding> f = WorkLimits.check(parse(flow(1, 100_000)));
        assertEquals(
                List.of("at most 64 steps per actor", "at most 512 steps per flow", "at most 4096 steps per spec"),
                limits(f));
        assertTrue(f.stream().allMatch(x -> x.loc().line() == 7), f.toString());
        assertEquals(
                "  actor x0 {".length() + 64 * " attach d;".length() + 2,
                f.get(0).loc().column(),
                "the 65th step");
    }

    @Test
    void declarationsAreCountedAtTheFirstOneBeyondTheLimit() {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; i < 200; i++) {
            sb.append("property p")
                    .append(i)
                    .append(";\ndevice d")
                    .append(i)
                    .append(" { dma_bits 32; }\n")
                    .append("share s")
                    .append(i)
                    .append(" { d")
                    .append(i)
                    .append(" }\n");
        }
        List<Finding> f = WorkLimits.check(parse(sb.toString()));
        assertEquals(
                List.of(
                        "at most 64 properties per spec",
                        "at most 128 devices per spec",
                        "at most 128 shares per spec"),
                limits(f));
        assertEquals(4 + 3 * 64, f.get(0).loc().line());
        assertEquals(5 + 3 * 128, f.get(1).loc().line());
    }

    @Test
    void longNameListsAreLimited() {
        String text = HEAD + "property p;\ndevice d { dma_bits 32; requires p" + ", p".repeat(100) + "; }\n";
        List<Finding> f = WorkLimits.check(parse(text));
        assertEquals(1, f.size());
        assertTrue(
                f.get(0).message().startsWith("at most 64 names in device 'd''s requires list"),
                f.get(0).message());
    }
}
