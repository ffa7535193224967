package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Allocator;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.censpec.model.semantics.Acceptance;
import org.junit.jupiter.api.Test;

/**
 * The decisions of issue 23 item 5, where an independent reading of the docs and the code
 * differed: each test pins what docs/language.md and docs/semantics.md now say, on both engines
 * (which must print the same findings, messages and traces).
 */
class DocumentedDecisionsTest {
    private static List<Finding> check(String text) {
        List<Finding> alloy = new SpecCheck(Engine.ALLOY, Duration.ofSeconds(60))
                .check("t.cen", text)
                .findings();
        List<Finding> direct = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60))
                .check("t.cen", text)
                .findings();
        assertEquals(direct, alloy, "both engines give the same findings");
        return direct;
    }

    private static List<String> ids(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.id() + " " + f.loc().line() + ":" + f.loc().column())
                .toList();
    }

    private static Spec spec(String text) {
        return new SpecReader().parse("t.cen", text).spec().orElseThrow();
    }

    private static Finding only(List<Finding> findings, String id, int line) {
        List<Finding> f = findings.stream()
                .filter(x -> x.id().equals(id) && x.loc().line() == line)
                .toList();
        assertEquals(1, f.size(), ids(findings).toString());
        return f.get(0);
    }

    /**
     * A fix is offered only when neither flow.late-attach nor flow.attach-after-map remains on the
     * attach (and no new finding appears). Here waiting before y's map removes the late attach of
     * x, but z's map can still allocate before x attaches: x would still attach after allocation,
     * so no fix is offered.
     */
    @Test
    void aFixThatLeavesTheAttachLateInAnotherWayIsNotOffered() {
        List<Finding> f = check("""
                spec fixes;
                ram 8G;
                property p;
                allocator a0 { backend pages; below 4G; }
                allocator a1 { backend pages; provides p; below 4G; }
                device x { dma_bits 32; requires p; }
                device y { dma_bits 32; }
                device z { dma_bits 32; requires p; }
                share s { x, y, z }
                flow f on s {
                    actor a { attach x; map x; }
                    actor m1 { attach y; map y; }
                    actor m2 { attach z; map z; }
                }
                """);
        Finding late = f.stream()
                .filter(x -> x.id().equals("flow.late-attach") && x.loc().line() == 11)
                .findFirst()
                .orElseThrow();
        Finding luck = f.stream()
                .filter(x -> x.id().equals("flow.attach-after-map") && x.loc().line() == 11)
                .findFirst()
                .orElseThrow();
        for (Finding x : List.of(late, luck)) {
            assertTrue(x.fixes().isEmpty(), x.message());
            assertTrue(x.message().endsWith("; attach x before the first map"), x.message());
        }
    }

    /** The first suppression (declaration order) takes a finding; one left with nothing is unused, saying why. */
    @Test
    void aSuppressionShadowedByAnEarlierOneIsUnusedAndTheFindingCarriesTheFirstReason() {
        List<Finding> f = check("""
                spec sup;
                ram 1G;
                allocator system { backend pages; }
                device cam { dma_bits 32; }
                device gpu { dma_bits 32; }
                share s { cam, gpu }
                flow f on s { actor a { attach cam; map cam; } actor b { attach gpu; map gpu; } }
                suppress flow.attach-after-map on f "first reason";
                suppress flow.attach-after-map "second reason";
                suppress flow.late-attach "nothing is late";
                """);
        for (Finding x : f) {
            if (x.id().equals("flow.attach-after-map")) {
                assertEquals(Optional.of("first reason"), x.suppression());
            }
        }
        assertEquals(
                "suppression of flow.attach-after-map suppresses nothing: every finding it matches is already "
                        + "suppressed by an earlier one (at t.cen:8:1); remove it",
                only(f, "suppression.unused", 9).message());
        assertEquals(
                "suppression of flow.late-attach matches no finding; remove it",
                only(f, "suppression.unused", 10).message());
    }

    /** `suppress ... on NAME` naming nothing is spec.undefined, a spec-level error: no other check runs. */
    @Test
    void aSuppressionOnAnUndefinedNameStopsTheCheck() {
        List<Finding> f = check("""
                spec sup;
                ram 1G;
                allocator system { backend pages; }
                device cam { dma_bits 32; }
                device gpu { dma_bits 32; }
                share s { cam, gpu }
                flow f on s { actor a { attach cam; map cam; } actor b { attach gpu; map gpu; } }
                suppress flow.attach-after-map on ff "typo";
                """);
        assertEquals(List.of("spec.undefined 8:35"), ids(f));
        assertEquals(
                "suppression names 'ff', which is no device, share, allocator or flow; did you mean 'f'?",
                f.get(0).message());
    }

    /** Behind an IOMMU, `requires contiguous` is met by any allocator; `forbids contiguous` still reads `provides`. */
    @Test
    void anIommuMeetsRequiresContiguousButNotForbidsContiguous() {
        Spec s = spec("""
                spec io;
                ram 4G;
                property contiguous;
                allocator cma { backend contiguous; provides contiguous; }
                allocator sys { backend pages; }
                device isp { dma_bits 32; iommu; forbids contiguous; }
                device dsp { dma_bits 32; iommu; requires contiguous; }
                """);
        Allocator cma = s.allocator("cma").orElseThrow();
        Allocator sys = s.allocator("sys").orElseThrow();
        assertFalse(Acceptance.accepts(s.device("isp").orElseThrow(), cma));
        assertTrue(Acceptance.accepts(s.device("isp").orElseThrow(), sys));
        assertTrue(Acceptance.accepts(s.device("dsp").orElseThrow(), cma));
        assertTrue(Acceptance.accepts(s.device("dsp").orElseThrow(), sys));
    }

    /** pages_dma32's `below` defaults to 4G (or the end of RAM below that); a given `below` is taken as written. */
    @Test
    void pagesDma32LiesBelow4GUnlessItsBelowSaysOtherwise() {
        Spec big = spec(
                "spec a; ram 8G; allocator d { backend pages_dma32; } allocator e { backend pages_dma32; below 8G; }"
                        + " allocator p { backend pages; }");
        assertEquals(4L << 30, big.allocator("d").orElseThrow().below());
        assertEquals(8L << 30, big.allocator("e").orElseThrow().below());
        assertEquals(8L << 30, big.allocator("p").orElseThrow().below());
        assertEquals(
                2L << 30,
                spec("spec a; ram 2G; allocator d { backend pages_dma32; }")
                        .allocator("d")
                        .orElseThrow()
                        .below());
        List<Finding> high = check("spec a; ram 4G at 4G; allocator d { backend pages_dma32; }");
        assertEquals(
                "allocator 'd' has below 4G, at or under the start of RAM (4G): it holds no memory",
                only(high, "spec.range", 1).message());
        List<Finding> f =
                check("spec a; ram 8G; allocator d { backend pages_dma32; } device v { dma_bits 32; } share s { v }");
        assertEquals(List.of(), f, "a 32-bit device accepts pages_dma32 without a below");
    }

    /** RAM ending beyond 63 bits is one error; the default `below` no longer wraps into a second one. */
    @Test
    void ramEndingBeyond63BitsIsOneError() {
        List<Finding> f = check("spec big;\nram 4K at 9223372036854771712;\nallocator sys { backend pages; }\n");
        assertEquals(List.of("spec.range 2:11"), ids(f));
        assertEquals(
                "RAM at '9223372036854771712' of size '4K' ends beyond 63 bits",
                f.get(0).message());
    }

    /** `ram SIZE at 0` is `ram SIZE`. */
    @Test
    void ramAtZeroIsRamFromZero() {
        assertEquals(
                spec("spec z; ram 4G;      allocator s { backend pages; }").allocators(),
                spec("spec z; ram 4G at 0; allocator s { backend pages; }").allocators());
        assertEquals(
                0, spec("spec z; ram 4G at 0; allocator s { backend pages; }").ramBase());
    }

    /** allocator.unused names, under "in every share", only devices that are in a share. */
    @Test
    void allocatorUnusedListsOnlySharedDevicesUnderInEveryShare() {
        List<Finding> f = check("""
                spec u;
                ram 4G;
                allocator first { backend pages; }
                allocator second { backend pages; }
                device inshare { dma_bits 32; }
                device alone { dma_bits 32; }
                share s { inshare }
                """);
        assertEquals(
                "allocator second is never selected: in every share, the devices that accept it (inshare) all"
                        + " accept an allocator declared before it (first), which wins",
                only(f, "allocator.unused", 4).message());
    }

    @Test
    void undefinedNamesListTheDeclaredOnesInPlainEnglish() {
        List<Finding> f = check("""
                spec u;
                ram 4G;
                property cached;
                property secure;
                allocator a { backend pages; provides zzzzzzzz; }
                """);
        assertEquals(
                "undefined property 'zzzzzzzz'; declared properties: cached, secure",
                only(f, "spec.undefined", 5).message());
    }

    /** The model's chosen allocator is top(mask), whether or not it could hold the share's largest buffer. */
    @Test
    void theChosenAllocatorIsTheTopOfTheMaskEvenWhenTooSmallForMaxSize() {
        List<Finding> f = check("""
                spec ch;
                ram 4G;
                property contiguous;
                allocator cma { backend contiguous; provides contiguous; size 16M; }
                allocator sys { backend pages; }
                device cam { dma_bits 32; }
                device gpu { dma_bits 32; }
                share s { cam, gpu } max_size 32M;
                flow f on s { actor a { attach cam; map cam; } actor b { attach gpu; map gpu; } }
                """);
        assertTrue(f.stream().noneMatch(x -> x.id().equals("share.too-large")), ids(f).toString());
        Finding luck = f.stream()
                .filter(x -> x.id().equals("flow.attach-after-map"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Optional.of("cma"), luck.trace().get(luck.trace().size() - 1).allocator());
    }

    /** A labelled step starts at its label: its findings are located there. */
    @Test
    void aLabelledStepsFindingIsAtItsLabel() {
        List<Finding> f = check("""
                spec lab;
                ram 4G;
                allocator sys { backend pages; }
                device cam { dma_bits 32; }
                device gpu { dma_bits 32; }
                share s { cam, gpu }
                flow f on s {
                    actor a { here: attach cam; map cam; }
                    actor b { attach gpu; map gpu; }
                }
                """);
        assertEquals(15, only(f, "flow.attach-after-map", 8).loc().column());
    }

    /** Two allocators may name one region; each is judged with its own size. */
    @Test
    void twoAllocatorsMayNameOneRegion() {
        List<Finding> f = check("""
                spec reg;
                ram 4G;
                property contiguous;
                allocator p1 { backend contiguous; provides contiguous; region "pool"; size 32M; }
                allocator p2 { backend contiguous; provides contiguous; region "pool"; size 16M; align 1M; }
                device cam { dma_bits 32; requires contiguous; align 1M; }
                device isp { dma_bits 32; requires contiguous; }
                share s { cam } max_size 16M;
                share t { isp } max_size 32M;
                """);
        assertEquals(List.of(), f);
    }

    /** A flow may have no actors and an actor no steps; such a flow only never maps. */
    @Test
    void emptyFlowsAndActorsAreAllowed() {
        List<Finding> f = check("""
                spec emp;
                ram 4G;
                allocator sys { backend pages; }
                device gpu { dma_bits 32; }
                share s { gpu }
                flow f on s { }
                flow g on s { actor a { } actor b { attach gpu; map gpu; } }
                """);
        assertEquals(List.of("flow.never-maps 6:6"), ids(f));
    }
}
