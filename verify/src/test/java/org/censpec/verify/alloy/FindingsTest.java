package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.censpec.model.Finding;
import org.censpec.model.Severity;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.TraceStep;
import org.junit.jupiter.api.Test;

/**
 * One spec per finding id that triggers it at the right element, and a near miss that passes.
 *
 * <p>The base board: allocators cma (contiguous, cached, below 1G, align 1M) then sys (cached);
 * devices cam (30 bits, requires contiguous: accepts {cma}), gpu (40 bits: {cma, sys}), nic
 * (40 bits, forbids contiguous: {sys}); shares s1 {cam, gpu}, s2 {gpu, nic}. It has no finding.
 */
class FindingsTest {
    static final long G = SpecBuilder.G, M = SpecBuilder.M;
    static final AlloyChecker CHECKER = new AlloyChecker();

    static SpecBuilder base() {
        return SpecBuilder.spec("t")
                .ram(8 * G)
                .properties("contiguous", "cached", "secure")
                .allocator("cma", List.of("contiguous", "cached"), 1 * G, 1 * M)
                .allocator("sys", List.of("cached"), 0, 0)
                .device("cam", 30, "contiguous")
                .device("gpu", 40)
                .device("nic", 40, List.of(), List.of("contiguous"), 0)
                .share("s1", "cam", "gpu")
                .share("s2", "gpu", "nic");
    }

    static List<Finding> check(Spec s) {
        List<Finding> fs = CHECKER.check(s, Duration.ofSeconds(60));
        fs.forEach(f -> System.out.println("  " + f.id() + " " + f.loc() + " " + f.message()));
        return fs;
    }

    /**
     * The findings as "id@line" strings, without flow.never-maps: most flows here test one step
     * outcome and have no map step (flowNeverMaps tests that rule).
     */
    static Set<String> ids(List<Finding> fs) {
        Set<String> out = new TreeSet<>();
        fs.stream()
                .filter(f -> !f.id().equals("flow.never-maps"))
                .forEach(f -> out.add(f.id() + "@" + f.loc().line()));
        return out;
    }

    @Test
    void flowNeverMaps() {
        Spec s = base().flow("probe", "s1", "actor a", "attach cam", "detach cam")
                .build();
        List<Finding> fs =
                check(s).stream().filter(f -> f.id().equals("flow.never-maps")).toList();
        assertEquals(1, fs.size(), fs.toString());
        assertEquals(s.flows().get(0).loc(), fs.get(0).loc());
        assertEquals(Severity.WARNING, fs.get(0).severity());
        assertEquals(
                fs,
                new org.censpec.verify.direct.DirectChecker()
                        .check(s).stream()
                                .filter(f -> f.id().equals("flow.never-maps"))
                                .toList());
    }

    static int line(Spec s, String flow, String actor, int step) {
        return s.flows().stream().filter(f -> f.name().equals(flow)).findFirst().orElseThrow().actors().stream()
                .filter(a -> a.name().equals(actor))
                .findFirst()
                .orElseThrow()
                .steps()
                .get(step)
                .loc()
                .line();
    }

    static SourceLocation flowLoc(Spec s, String flow) {
        return s.flows().stream()
                .filter(f -> f.name().equals(flow))
                .findFirst()
                .orElseThrow()
                .loc();
    }

    // ---------------------------------------------------------------- static

    @Test
    void baseBoardAndWellOrderedFlowPass() {
        Spec s = base().flow(
                        "ok",
                        "s1",
                        "actor a",
                        "att: attach cam",
                        "wait b.att",
                        "map cam",
                        "unmap cam",
                        "detach cam",
                        "actor b",
                        "att: attach gpu",
                        "wait a.att",
                        "map gpu",
                        "unmap gpu",
                        "detach gpu")
                .build();
        assertEquals(Set.of(), ids(check(s)));
    }

    @Test
    void deviceUnsatisfiable() {
        Spec s = base().device("sec", 40, "secure").build();
        List<Finding> fs = check(s);
        assertEquals(
                Set.of("device.unsatisfiable@"
                        + s.device("sec").orElseThrow().loc().line()),
                ids(fs));
        assertEquals(Severity.ERROR, fs.get(0).severity());
        assertEquals(s.device("sec").orElseThrow().loc(), fs.get(0).loc());
        assertTrue(
                fs.get(0).message().contains("does not provide secure"),
                fs.get(0).message());
    }

    @Test
    void deviceUnsatisfiableByReachAlignAndForbids() {
        Spec s = base().device("short", 29, "contiguous") // cma below 1G > 2^29
                .device("wide", 40, List.of(), List.of(), 2 * M) // both align < 2M
                .device("nocache", 40, List.of(), List.of("cached"), 0) // both provide cached
                .build();
        List<Finding> fs = check(s);
        assertEquals(
                Set.of(
                        "device.unsatisfiable@"
                                + s.device("short").orElseThrow().loc().line(),
                        "device.unsatisfiable@"
                                + s.device("wide").orElseThrow().loc().line(),
                        "device.unsatisfiable@"
                                + s.device("nocache").orElseThrow().loc().line()),
                ids(fs));
    }

    @Test
    void deviceUnsatisfiableNearMisses() {
        Spec s = base().device("sec", 40, "cached")
                .device("short", 30, "contiguous")
                .device("wide", 40, List.of(), List.of(), 1 * M)
                .device("nosecure", 40, List.of(), List.of("secure"), 0)
                .build();
        assertEquals(Set.of(), ids(check(s)));
    }

    @Test
    void shareEmptyIntersection() {
        Spec s = base().share("s3", "cam", "nic").build();
        List<Finding> fs = check(s);
        assertEquals(
                Set.of("share.empty-intersection@"
                        + s.share("s3").orElseThrow().loc().line()),
                ids(fs));
        assertEquals(Severity.ERROR, fs.get(0).severity());
        assertTrue(fs.get(0).message().contains("cam accepts {cma}"), fs.get(0).message());
    }

    @Test
    void shareEmptyIntersectionNearMiss() {
        assertEquals(Set.of(), ids(check(base().share("s3", "cam", "gpu").build())));
    }

    @Test
    void allocatorUnused() {
        // dma32 (below 4G) is accepted by gpu and nic, but every such set prefers cma or sys
        Spec s = base().allocator("dma32", List.of("cached"), 4 * G, 0).build();
        List<Finding> fs = check(s);
        assertEquals(
                Set.of("allocator.unused@"
                        + s.allocator("dma32").orElseThrow().loc().line()),
                ids(fs));
        assertEquals(Severity.WARNING, fs.get(0).severity());
    }

    @Test
    void allocatorUnusedWhenNoDeviceAcceptsIt() {
        // aligns to 1K only, every device needs 4K
        Spec s = base().allocator("tiny", List.of("cached"), 0, 1024).build();
        List<Finding> fs = check(s);
        assertEquals(
                Set.of("allocator.unused@"
                        + s.allocator("tiny").orElseThrow().loc().line()),
                ids(fs));
        assertTrue(
                fs.get(0).message().contains("no device accepts it"), fs.get(0).message());
    }

    @Test
    void allocatorUnusedNearMiss() {
        // a 32-bit device that forbids contiguous accepts only dma32; a share with it selects dma32
        Spec s = base().allocator("dma32", List.of("cached"), 4 * G, 0)
                .device("old", 32, List.of(), List.of("contiguous"), 0)
                .share("s3", "old")
                .build();
        assertEquals(Set.of(), ids(check(s)));
    }

    // ---------------------------------------------------------------- flows

    @Test
    void lateAttach() {
        Spec s = base().flow("f", "s2", "actor a", "attach gpu", "map gpu", "actor b", "attach nic")
                .build();
        List<Finding> fs = check(s);
        assertEquals(Set.of("flow.late-attach@" + line(s, "f", "b", 0)), ids(fs));
        Finding f = fs.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("cma") && f.message().contains("nic"), f.message());
        List<TraceStep> t = f.trace();
        assertEquals(
                List.of("attach gpu", "map gpu", "attach nic"),
                t.stream().map(TraceStep::step).toList());
        assertEquals(List.of("a", "a", "b"), t.stream().map(TraceStep::actor).toList());
        assertEquals(List.of("cma", "sys"), t.get(0).accessMask());
        assertEquals(Optional.empty(), t.get(0).allocator());
        assertEquals(Optional.of("cma"), t.get(1).allocator());
        // the refused attach changes nothing
        assertEquals(List.of("cma", "sys"), t.get(2).accessMask());
        assertEquals(Optional.of("cma"), t.get(2).allocator());
        assertEquals(
                s.flows().get(0).actors().get(1).steps().get(0).loc(), t.get(2).loc());
    }

    @Test
    void lateAttachNearMiss() {
        Spec s = base().flow("f", "s2", "actor a", "attach gpu", "wait b.x", "map gpu", "actor b", "x: attach nic")
                .build();
        assertEquals(Set.of(), ids(check(s)));
    }

    @Test
    void attachAfterMap() {
        Spec s = base().flow("f", "s1", "actor a", "attach gpu", "map gpu", "actor b", "attach cam")
                .build();
        List<Finding> fs = check(s);
        assertEquals(Set.of("flow.attach-after-map@" + line(s, "f", "b", 0)), ids(fs));
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity());
        TraceStep last = f.trace().get(f.trace().size() - 1);
        assertEquals("attach cam", last.step());
        assertEquals(List.of("cma"), last.accessMask()); // a warning step does AND the mask
        assertEquals(Optional.of("cma"), last.allocator());
    }

    @Test
    void attachAfterMapNearMiss() {
        Spec s = base().flow("f", "s1", "actor a", "attach gpu", "wait b.x", "map gpu", "actor b", "x: attach cam")
                .build();
        assertEquals(Set.of(), ids(check(s)));
    }

    @Test
    void attachRejectedInEitherOrderAndDetachDoesNotWiden() {
        Spec s = base().share("s3", "cam", "nic")
                .flow("f", "s3", "actor a", "x: attach cam", "detach cam", "actor b", "attach nic")
                .build();
        List<Finding> fs = check(s);
        assertEquals(
                Set.of(
                        "share.empty-intersection@"
                                + s.share("s3").orElseThrow().loc().line(),
                        "flow.attach-rejected@" + line(s, "f", "a", 0),
                        "flow.attach-rejected@" + line(s, "f", "b", 0)),
                ids(fs));
        Finding afterDetach = fs.stream()
                .filter(f -> f.id().equals("flow.attach-rejected")
                        && f.loc().line() == line(s, "f", "b", 0)
                        && f.trace().size() == 3)
                .findFirst()
                .orElse(null);
        // the shortest witness may not detach first; the finding exists either way
        if (afterDetach != null) {
            assertEquals(List.of("cma"), afterDetach.trace().get(1).accessMask());
        }
    }

    @Test
    void attachRejectedNearMiss() {
        Spec s = base().flow("f", "s1", "actor a", "attach cam", "actor b", "attach gpu")
                .build();
        assertEquals(Set.of(), ids(check(s)));
    }

    @Test
    void mapBeforeAttach() {
        Spec s = base().flow("m", "s1", "actor a", "map gpu")
                .flow("u", "s1", "actor a", "attach gpu", "unmap gpu")
                .flow("d", "s1", "actor a", "detach cam")
                .flow("x", "s1", "actor a", "attach gpu", "actor b", "map gpu")
                .build();
        List<Finding> fs = check(s);
        assertEquals(
                Set.of(
                        "flow.map-before-attach@" + line(s, "m", "a", 0),
                        "flow.map-before-attach@" + line(s, "u", "a", 1),
                        "flow.map-before-attach@" + line(s, "d", "a", 0),
                        "flow.map-before-attach@" + line(s, "x", "b", 0)),
                ids(fs));
        fs.stream()
                .filter(f -> !f.id().equals("flow.never-maps"))
                .forEach(f -> assertEquals(Severity.ERROR, f.severity()));
    }

    @Test
    void mapBeforeAttachNearMiss() {
        // attachment belongs to the buffer: another actor may map once it has attached
        Spec s = base().flow("x", "s1", "actor a", "y: attach gpu", "actor b", "wait a.y", "map gpu", "unmap gpu")
                .build();
        assertEquals(Set.of(), ids(check(s)));
    }

    @Test
    void unbalanced() {
        Spec s = base().flow("aa", "s1", "actor a", "attach gpu", "attach gpu")
                .flow("mm", "s1", "actor a", "attach gpu", "map gpu", "map gpu")
                .flow("md", "s1", "actor a", "attach gpu", "map gpu", "detach gpu")
                .build();
        List<Finding> fs = check(s);
        assertEquals(
                Set.of(
                        "flow.unbalanced@" + line(s, "aa", "a", 1),
                        "flow.unbalanced@" + line(s, "mm", "a", 2),
                        "flow.unbalanced@" + line(s, "md", "a", 2)),
                ids(fs));
    }

    @Test
    void unbalancedNearMiss() {
        Spec s = base().flow(
                        "f",
                        "s1",
                        "actor a",
                        "attach gpu",
                        "detach gpu",
                        "attach gpu",
                        "map gpu",
                        "unmap gpu",
                        "map gpu",
                        "unmap gpu",
                        "detach gpu")
                .build();
        assertEquals(Set.of(), ids(check(s)));
    }

    @Test
    void onlyTheFirstErrorOfAnExecutionIsReported() {
        Spec s = base().flow("f", "s1", "actor a", "map gpu", "map gpu").build();
        assertEquals(Set.of("flow.map-before-attach@" + line(s, "f", "a", 0)), ids(check(s)));
    }

    @Test
    void deadlock() {
        Spec s = base().flow(
                        "f",
                        "s1",
                        "actor a",
                        "attach cam",
                        "wait b.y",
                        "x: map cam",
                        "actor b",
                        "attach gpu",
                        "wait a.x",
                        "y: map gpu")
                .build();
        List<Finding> fs = check(s);
        assertEquals(Set.of("flow.deadlock@" + flowLoc(s, "f").line()), ids(fs));
        Finding f = fs.get(0);
        assertEquals(flowLoc(s, "f"), f.loc());
        assertEquals(Severity.ERROR, f.severity());
        // the stuck state: both attaches ran (in some order), both actors wait
        assertEquals(
                Set.of("attach cam", "attach gpu"),
                Set.copyOf(f.trace().stream().map(TraceStep::step).toList()));
        assertTrue(f.message().contains("wait b.y") && f.message().contains("wait a.x"), f.message());
    }

    @Test
    void deadlockOnAWaitForASelfLaterStep() {
        Spec s = base().flow("f", "s1", "actor a", "wait a.x", "x: attach cam").build();
        List<Finding> fs = check(s);
        assertEquals(Set.of("flow.deadlock@" + flowLoc(s, "f").line()), ids(fs));
        assertEquals(List.of(), fs.get(0).trace());
    }

    @Test
    void deadlockNearMiss() {
        Spec s = base().flow(
                        "f",
                        "s1",
                        "actor a",
                        "x: attach cam",
                        "wait b.y",
                        "map cam",
                        "actor b",
                        "wait a.x",
                        "y: attach gpu",
                        "map gpu")
                .build();
        assertEquals(Set.of(), ids(check(s)));
    }

    /**
     * A wait on a labelled wait (issue 28): actor c can only map once b's wait has run, which needs a's attach.
     * The witness of the unbalanced second map must replay (before the fix, the waits were put back in the
     * wrong place and the check reported verify.mismatch); the findings equal the direct checker's, traces
     * included.
     */
    @Test
    void waitOnALabelledWait() {
        Spec s = base().flow(
                        "f",
                        "s1",
                        "actor a",
                        "r: attach gpu",
                        "actor b",
                        "w: wait a.r",
                        "actor c",
                        "wait b.w",
                        "map gpu",
                        "map gpu")
                .build();
        List<Finding> fs = check(s);
        assertEquals(Set.of("flow.unbalanced@" + line(s, "f", "c", 2)), ids(fs));
        assertEquals(new org.censpec.verify.direct.DirectChecker().check(s), fs);
    }

    /** A chain of labelled waits across four actors, and a deadlock through one. */
    @Test
    void chainsOfLabelledWaits() {
        Spec chain = base().flow(
                        "f",
                        "s1",
                        "actor a",
                        "r: attach gpu",
                        "map gpu",
                        "actor b",
                        "w1: wait a.r",
                        "actor c",
                        "w2: wait b.w1",
                        "actor d",
                        "wait c.w2",
                        "attach cam",
                        "map cam",
                        "unmap cam",
                        "detach cam")
                .build();
        List<Finding> fs = check(chain);
        assertEquals(new org.censpec.verify.direct.DirectChecker().check(chain), fs);
        assertTrue(fs.stream().noneMatch(f -> f.id().startsWith("verify.")), fs.toString());
        assertTrue(ids(fs).contains("flow.attach-after-map@" + line(chain, "f", "d", 1)), fs.toString());
        Spec stuck = base().flow(
                        "g",
                        "s1",
                        "actor a",
                        "wait c.w2",
                        "r: attach gpu",
                        "actor b",
                        "w1: wait a.r",
                        "actor c",
                        "w2: wait b.w1",
                        "attach cam")
                .build();
        List<Finding> gs = check(stuck);
        assertEquals(Set.of("flow.deadlock@" + flowLoc(stuck, "g").line()), ids(gs));
        assertEquals(new org.censpec.verify.direct.DirectChecker().check(stuck), gs);
    }

    @Test
    void oneStepCanCarryTwoIds() {
        // nic attaches after gpu's map: cma was chosen (late-attach) unless nic attached first... and
        // cam attaching after the map accepts cma by luck (attach-after-map)
        Spec s = base().device("both", 40)
                .share("s4", "gpu", "nic", "both")
                .flow(
                        "f",
                        "s4",
                        "actor a",
                        "attach gpu",
                        "map gpu",
                        "actor b",
                        "attach both",
                        "actor c",
                        "y: attach nic")
                .build();
        Set<String> got = ids(check(s));
        assertTrue(got.contains("flow.late-attach@" + line(s, "f", "c", 0)), got.toString());
        assertTrue(got.contains("flow.attach-after-map@" + line(s, "f", "b", 0)), got.toString());
    }

    @Test
    void aDeadlineLeavesOneBudgetFindingPerModuleNotFinished() {
        Spec s = BoardGenerator.board(16, 5, 7, 0.5);
        List<Finding> fs = CHECKER.check(s, Duration.ofMillis(1));
        assertTrue(fs.stream().anyMatch(f -> f.id().equals("verify.budget") && f.isError()), fs.toString());
        // at most one per flow (at the flow) and one for the static module (at the spec), each saying which
        // budget ran out and the option that raises it
        assertEquals(
                fs.stream().filter(f -> f.id().equals("verify.budget")).count(),
                fs.stream()
                        .filter(f -> f.id().equals("verify.budget"))
                        .map(Finding::loc)
                        .distinct()
                        .count());
        assertTrue(
                fs.stream()
                        .filter(f -> f.id().equals("verify.budget"))
                        .allMatch(f -> f.message().contains("budget of 1 ms ran out")
                                && f.message().endsWith("raise it with --timeout")),
                fs.toString());
    }
}
