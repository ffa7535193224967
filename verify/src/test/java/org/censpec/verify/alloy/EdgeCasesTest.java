package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.censpec.model.Actor;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Spec;
import org.junit.jupiter.api.Test;

/** Degenerate specs still give a model that parses and the expected verdicts. */
class EdgeCasesTest {

    static List<Finding> check(Spec s) {
        return new AlloyChecker().check(s, Duration.ofSeconds(60));
    }

    @Test
    void emptySpec() {
        assertEquals(List.of(), check(SpecBuilder.spec("empty").build()));
    }

    @Test
    void noAllocatorsMakesEveryDeviceUnsatisfiableWithoutACascadeOnItsSteps() {
        // the attach is rejected, but device.unsatisfiable already says why: no flow finding repeats it
        Spec s = SpecBuilder.spec("noalloc")
                .device("a", 32)
                .share("s", "a")
                .flow("f", "s", "actor x", "attach a")
                .build();
        assertEquals(Set.of("device.unsatisfiable@2", "share.empty-intersection@3"), FindingsTest.ids(check(s)));
    }

    @Test
    void actorWithoutStepsAndFlowWithoutActors() {
        Spec base = FindingsTest.base().build();
        Flow noActors = new Flow("none", SpecBuilder.loc(40, 1), new NameRef("s1", SpecBuilder.loc(40, 10)), List.of());
        Flow emptyActor = new Flow(
                "idle",
                SpecBuilder.loc(41, 1),
                new NameRef("s1", SpecBuilder.loc(41, 10)),
                List.of(new Actor("a", SpecBuilder.loc(42, 1), List.of())));
        Spec s = base.withFlows(List.of(noActors, emptyActor));
        assertEquals(java.util.Set.of(), FindingsTest.ids(check(s)));
    }

    @Test
    void sameNamesInDifferentFlowsAndNamesThatLookLikeGeneratedOnes() {
        Spec s = FindingsTest.base()
                .flow("f", "s1", "actor a", "attach gpu", "map gpu", "actor a_1", "attach cam")
                .flow("f_a", "s1", "actor 1", "attach gpu", "attach gpu")
                .build();
        List<Finding> fs = check(s);
        assertTrue(fs.stream().anyMatch(f -> f.id().equals("flow.attach-after-map")), fs.toString());
        assertTrue(fs.stream().anyMatch(f -> f.id().equals("flow.unbalanced")), fs.toString());
        assertTrue(fs.stream().noneMatch(f -> f.id().startsWith("verify.")), fs.toString());
    }

    @Test
    void undefinedNamesGiveAnInternalFindingNotACrash() {
        Spec s = FindingsTest.base().flow("f", "s1", "actor a", "attach ghost").build();
        List<Finding> fs = check(s);
        assertEquals(1, fs.size(), fs.toString());
        assertEquals("verify.internal", fs.get(0).id());
    }

    @Test
    void wideDmaBitsAndHugeSizes() {
        Spec s = SpecBuilder.spec("wide")
                .ram(1L << 62)
                .allocator("all", List.of(), 0, 1L << 40)
                .device("d64", 64)
                .device("d63", 63)
                .device("d62", 62)
                .device("d61", 61, List.of(), List.of(), 0)
                .share("s", "d64", "d63", "d62")
                .build();
        // below = ram = 2^62: d61 cannot reach it, the others can
        assertEquals(Set.of("device.unsatisfiable@6"), FindingsTest.ids(check(s)));
    }
}
