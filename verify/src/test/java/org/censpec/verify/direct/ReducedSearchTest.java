package org.censpec.verify.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.TraceStep;
import org.censpec.model.WaitStep;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.SpecReader;
import org.censpec.model.rules.SemanticRules;
import org.censpec.model.semantics.Acceptance;
import org.censpec.verify.RandomSpecs;
import org.censpec.verify.findings.FlowKey;
import org.junit.jupiter.api.Test;

/**
 * The reduced search (partial-order reduction) finds exactly the findings of the full
 * search, on random wide flows (up to 6 actors, unmap/detach, several waits each) and on
 * the benchmark's pipeline shape; its traces are executions that end at the finding.
 */
class ReducedSearchTest {

    @Property(tries = 400)
    void reducedSearchFindsWhatTheFullSearchFinds(@ForAll long seed) {
        Spec spec = RandomSpecs.generateWide(seed);
        assertEquals(List.of(), SpecValidator.validate(spec), "generator made an invalid spec");
        Acceptance acc = new Acceptance(spec);
        for (Flow f : spec.flows()) {
            FlowExplorer full = new FlowExplorer(spec, acc, f).run(FlowExplorer.Mode.FULL);
            FlowExplorer reduced = new FlowExplorer(spec, acc, f).run(FlowExplorer.Mode.REDUCED);
            assertEquals(full.keys(), reduced.keys(), "seed " + seed + " flow " + f.name());
            for (FlowKey k : reduced.keys()) {
                assertValidTrace(f, k, reduced.witness(k).trace());
            }
        }
    }

    @Test
    void sixteenActorsOnTwoDevicesEachPass() {
        Spec spec = pipeline(16, 2, false);
        Flow f = spec.flows().get(0);
        FlowExplorer found = new FlowExplorer(spec, new Acceptance(spec), f).run();
        assertEquals(null, found.stateLimit());
        assertEquals(Set.of(), found.keys(), "a pipeline whose actors all attach before any map passes");
    }

    @Test
    void aPipelineActorMappingBeforeTheOthersAttachIsFoundByBothSearches() {
        Spec spec = pipeline(4, 2, true);
        Flow f = spec.flows().get(0);
        Acceptance acc = new Acceptance(spec);
        FlowExplorer full = new FlowExplorer(spec, acc, f).run(FlowExplorer.Mode.FULL);
        FlowExplorer reduced = new FlowExplorer(spec, acc, f).run(FlowExplorer.Mode.REDUCED);
        assertFalse(full.keys().isEmpty());
        assertEquals(full.keys(), reduced.keys());
        assertTrue(
                reduced.keys().stream().anyMatch(k -> k.rule() == SemanticRules.ATTACH_AFTER_MAP),
                reduced.keys().toString());
        for (FlowKey k : reduced.keys()) {
            assertValidTrace(f, k, reduced.witness(k).trace());
        }
        // Shortened: the late attach needs only the early map and the attaches before it.
        FlowKey late = reduced.keys().stream()
                .filter(k -> k.rule() == SemanticRules.ATTACH_AFTER_MAP)
                .findFirst()
                .orElseThrow();
        assertEquals(
                full.witness(late).trace().size(),
                reduced.witness(late).trace().size(),
                "as short as the full search's trace");
    }

    @Test
    void theStateBudgetIsALocatedFinding() {
        // Twelve actors attach three devices each that only allocator a suits, and one more
        // actor attaches a device only b suits: some attach can always still empty the mask,
        // so no two attaches commute and every order of the 36 attaches is its own state.
        StringBuilder sb = new StringBuilder("spec t; ram 1G;\nproperty p;\n"
                + "allocator a { backend pages; }\nallocator b { backend pages; provides p; }\n"
                + "device z { dma_bits 32; requires p; }\n");
        List<String> devs = new ArrayList<>(List.of("z"));
        for (int i = 0; i < 36; i++) {
            sb.append("device d").append(i).append(" { dma_bits 32; forbids p; }\n");
            devs.add("d" + i);
        }
        sb.append("share s { ").append(String.join(", ", devs)).append(" }\nflow f on s {\n  actor y { attach z; }\n");
        for (int i = 0; i < 12; i++) {
            sb.append("  actor x").append(i).append(" {");
            for (int k = 0; k < 3; k++) {
                sb.append(" attach d").append(3 * i + k).append(';');
            }
            sb.append(" }\n");
        }
        sb.append("}\n");
        Spec spec = new SpecReader().parse("t.cen", sb.toString()).spec().orElseThrow();
        Flow f = spec.flows().get(0);
        Finding limit = new FlowExplorer(spec, new Acceptance(spec), f)
                .run(FlowExplorer.Mode.REDUCED, 20_000)
                .stateLimit();
        assertEquals("verify.state-limit", limit.id());
        assertEquals(f.loc(), limit.loc());
        assertTrue(limit.message().contains("20000"), limit.message());
    }

    /** ACTORS actors with DEVICES devices each: attach all, wait for all others, map, unmap, detach all. */
    static Spec pipeline(int actors, int devices, boolean firstMapsEarly) {
        StringBuilder sb = new StringBuilder("spec p; ram 8G;\nproperty cached;\n");
        sb.append("allocator low { backend contiguous; provides cached; below 1G; }\n");
        sb.append("allocator sys { backend pages; provides cached; }\n");
        List<String> all = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            for (int k = 0; k < devices; k++) {
                sb.append("device d")
                        .append(a)
                        .append('_')
                        .append(k)
                        .append(" { dma_bits ")
                        .append(k == 1 ? 30 : 40)
                        .append("; }\n");
                all.add("d" + a + "_" + k);
            }
        }
        sb.append("share s { ").append(String.join(", ", all)).append(" }\nflow f on s {\n");
        for (int a = 0; a < actors; a++) {
            sb.append("  actor a").append(a).append(" {");
            for (int k = 0; k < devices; k++) {
                sb.append(k == devices - 1 ? " up: attach" : " attach")
                        .append(" d")
                        .append(a)
                        .append('_')
                        .append(k)
                        .append(';');
            }
            if (firstMapsEarly && a == 0) {
                sb.append(" map d0_0; unmap d0_0;");
            }
            for (int b = 0; b < actors; b++) {
                if (b != a) {
                    sb.append(" wait a").append(b).append(".up;");
                }
            }
            for (String op : List.of("map", "unmap", "detach")) {
                for (int k = 0; k < devices; k++) {
                    sb.append(' ')
                            .append(op)
                            .append(" d")
                            .append(a)
                            .append('_')
                            .append(k)
                            .append(';');
                }
            }
            sb.append(" }\n");
        }
        sb.append("}\n");
        return new SpecReader().parse("p.cen", sb.toString()).spec().orElseThrow();
    }

    /** The trace is an execution of the flow: program order, waits satisfied, ending at the finding's step. */
    private static void assertValidTrace(Flow f, FlowKey finding, List<TraceStep> trace) {
        int[] pc = new int[f.actors().size()];
        Set<String> ran = new TreeSet<>();
        for (TraceStep t : trace) {
            int a = actorIndex(f, t.actor());
            Actor actor = f.actors().get(a);
            Step s = actor.steps().get(pc[a]++);
            assertEquals(s.loc(), t.loc(), "trace follows program order: " + finding);
            if (s instanceof WaitStep w) {
                assertTrue(ran.contains(w.actor().name() + "." + w.target().name()), "wait satisfied: " + finding);
            }
            s.label().ifPresent(l -> ran.add(actor.name() + "." + l.name()));
        }
        if (!finding.isDeadlock()) {
            assertFalse(trace.isEmpty());
            TraceStep last = trace.get(trace.size() - 1);
            assertEquals(finding.at(), last.loc(), "ends at the offending step: " + finding);
            assertTrue(f.actors().get(actorIndex(f, last.actor())).steps().stream()
                    .anyMatch(s -> s instanceof DeviceStep && s.loc().equals(last.loc())));
        }
    }

    private static int actorIndex(Flow f, String name) {
        for (int i = 0; i < f.actors().size(); i++) {
            if (f.actors().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no actor " + name);
    }
}
