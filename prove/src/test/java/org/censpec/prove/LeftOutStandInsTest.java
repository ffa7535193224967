package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.censpec.model.Spec;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stand-in whose DMA mask the guest's kernel refuses is absent there: the checks that need it
 * are not proven, with cause spec where the spec's device.unsatisfiable explains it, the target's
 * for -EIO the spec does not explain, and the module's for any other errno; every other check is
 * judged as before. The dmesg lines are the test build's (kernel-runtime/cen_standin_test.c) as
 * an arm64 6.1 guest printed them for the corpus's i.MX8MP unreachable variant.
 */
class LeftOutStandInsTest {
    @TempDir
    Path tmp;

    /** enc reaches no RAM (16 bits, RAM from 1 GiB): device.unsatisfiable; gpu is fine. */
    static final String SPEC = """
            spec media;
            ram 2G at 1G;
            allocator system { backend pages; }
            device enc { dma_bits 16; match "vendor,enc"; }
            device gpu { dma_bits 32; }
            share encode { enc }
            share render { gpu }
            flow record on encode { actor a { attach enc; map enc; unmap enc; detach enc; } }
            flow draw on render { actor a { attach gpu; map gpu; unmap gpu; detach gpu; } }
            """;

    /**
     * The i.MX8MP unreachable variant's lines (arm64 6.1 guest, 2026-12-07), its spec's names
     * (imx8mp_media, vpu_g1) replaced by this spec's, and the same line again as a second load prints it.
     */
    static final String DMESG_EIO = """
            [    7.870655] censpec_test_importer 38300000.video-codec: error -EIO: 16-bit DMA mask refused
            [   10.361941] media_test: test build: stand-in enc left out: 16-bit DMA mask refused: -5
            [   10.364156] media_test: test build: stand-in enc@match left out: 16-bit DMA mask refused: -5
            [   10.374552] media_test: TEST BUILD: 18 stand-in devices, /dev/media_ctl; not for production
            [   52.901002] media_test: test build: stand-in enc left out: 16-bit DMA mask refused: -5
            """;

    private Spec spec;
    private CheckedSpec checked;
    private ReplayPlan plan;

    @BeforeEach
    void check() throws Exception {
        Path f = tmp.resolve("media.cen");
        Files.writeString(f, SPEC);
        checked = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(f);
        spec = checked.spec().orElseThrow();
        plan = ReplayPlan.of(
                spec,
                checked.findings(),
                8,
                new TargetMemory(
                        TargetMemory.Contiguous.cma(64L << 20, "test"),
                        Map.of(),
                        new TargetMemory.Ram(1L << 30, 2L << 30)));
    }

    private LeftOutStandIns leftOut(String dmesg) {
        return LeftOutStandIns.of(spec, checked.findings(), dmesg);
    }

    /**
     * The guest's results: every command as predicted, but those naming enc (or enc@match),
     * which the control device answers -ENODEV, and the commands of {@code alsoWrong}'s checks,
     * answered -EINVAL.
     */
    private String results(Predicate<String> alsoWrong) {
        StringBuilder b = new StringBuilder("@@CENSPEC REPLAY /censpec/replay/m1-1-media.replay BEGIN ctl=/dev/x\n");
        plan.expected().forEach((line, x) -> {
            String r = x.render();
            if (x.command().matches("\\w+ enc(@match)?( .*)?")) {
                r = r.replaceFirst("^rc=-?\\d+", "rc=-19").replaceFirst("place=\\S+", "place=-");
            } else if (alsoWrong.test(plan.checkOf(line))) {
                r = r.replaceFirst("^rc=-?\\d+", "rc=-22");
            }
            b.append("@@CENSPEC R ").append(line).append(' ').append(r).append('\n');
        });
        return b.append("@@CENSPEC RESULT status=fail modules=2 insmod_fail=0 replay_fail=1 abi_fail=0 rmmod_fail=0"
                        + " leftover_nodes=0 dmesg_bad=0 java_fail=0 run_fail=0 selftest_fail=0 importers_fail=0"
                        + " leak_fail=0 udev_fail=0 uptime=9.10\n")
                .toString();
    }

    private static List<ProveReport.Failure> failures(List<ProveReport.Check> checks) {
        List<ProveReport.Failure> out = new ArrayList<>();
        checks.forEach(c -> out.addAll(c.failures()));
        return out;
    }

    @Test
    void readsEachLeftOutStandInOnceFromDmesg() {
        List<LeftOutStandIns.LeftOut> l = leftOut(DMESG_EIO).leftOut();
        assertEquals(
                List.of(
                        new LeftOutStandIns.LeftOut("enc", "enc", 16, -5),
                        new LeftOutStandIns.LeftOut("enc@match", "enc", 16, -5)),
                l);
        assertTrue(leftOut("[ 1.0] other_test: test build: stand-in enc left out: 16-bit DMA mask refused: -5")
                .leftOut()
                .isEmpty());
        assertTrue(leftOut("").leftOut().isEmpty());
    }

    @Test
    void anUnsatisfiableDeviceIsAbsentWithCauseSpecAndTheRestIsJudged() {
        BootJudge judge = new BootJudge(spec, plan, List.of(), leftOut(DMESG_EIO));
        GuestResults g = GuestResults.parse(results(c -> false));
        List<ProveReport.Check> checks = judge.replay(g.replays.get("media.replay"));
        List<ProveReport.Check> absent = checks.stream()
                .filter(c -> c.name().contains("record")
                        || c.failures().stream().anyMatch(f -> f.what().equals("not proven")))
                .toList();
        assertFalse(absent.isEmpty());
        absent.forEach(c -> {
            assertEquals(1, c.failed(), c.name());
            assertEquals(ProveReport.Cause.SPEC, c.failures().get(0).cause(), c.name());
            assertTrue(
                    c.failures().get(0).why().contains("device.unsatisfiable"),
                    c.failures().get(0).why());
        });
        assertTrue(checks.stream().anyMatch(c -> c.name().startsWith("flow draw") && c.ok() && c.passed() > 0));
        assertTrue(failures(checks).stream().noneMatch(f -> f.cause() == ProveReport.Cause.MODULE));
        ProveReport.Failure verdict = judge.guest(g, BootLines.parse(""), new ArrayList<>())
                .failures()
                .get(0);
        assertEquals(ProveReport.Cause.SPEC, verdict.cause(), verdict.why());
        assertEquals(
                ProveReport.Cause.SPEC,
                leftOut(DMESG_EIO).checks().get(0).failures().get(0).cause());
    }

    @Test
    void aFlowFailingWithoutTheAbsentDeviceIsStillTheModules() {
        BootJudge judge = new BootJudge(spec, plan, List.of(), leftOut(DMESG_EIO));
        GuestResults g = GuestResults.parse(results(c -> c.startsWith("flow draw")));
        List<ProveReport.Check> checks = judge.replay(g.replays.get("media.replay"));
        assertTrue(checks.stream()
                .filter(c -> c.name().startsWith("flow draw"))
                .flatMap(c -> c.failures().stream())
                .anyMatch(f -> f.cause() == ProveReport.Cause.MODULE));
        ProveReport.Failure verdict = judge.guest(g, BootLines.parse(""), new ArrayList<>())
                .failures()
                .get(0);
        assertEquals(ProveReport.Cause.MODULE, verdict.cause());
    }

    @Test
    void aStandInRefusedWithAnotherErrnoIsTheModules() {
        LeftOutStandIns l = leftOut(DMESG_EIO.replace("refused: -5", "refused: -12"));
        assertEquals(ProveReport.Cause.MODULE, l.cause(l.leftOut().get(0)));
        assertEquals(
                ProveReport.Cause.MODULE, l.checks().get(0).failures().get(0).cause());
        BootJudge judge = new BootJudge(spec, plan, List.of(), l);
        GuestResults g = GuestResults.parse(results(c -> false));
        List<ProveReport.Check> checks = judge.replay(g.replays.get("media.replay"));
        assertTrue(failures(checks).stream()
                .filter(f -> f.scenario().contains("record"))
                .allMatch(f -> f.cause() == ProveReport.Cause.MODULE));
        assertTrue(failures(checks).stream().anyMatch(f -> f.scenario().contains("record")));
        assertEquals(
                ProveReport.Cause.MODULE,
                judge.guest(g, BootLines.parse(""), new ArrayList<>())
                        .failures()
                        .get(0)
                        .cause());
    }

    @Test
    void aRefusedMaskTheSpecFindsEnoughIsTheTargets() {
        LeftOutStandIns l =
                leftOut("[ 2.0] media_test: test build: stand-in gpu left out: 32-bit DMA mask refused: -5");
        assertEquals(ProveReport.Cause.TARGET, l.cause(l.leftOut().get(0)));
        BootJudge judge = new BootJudge(spec, plan, List.of(), l);
        List<ProveReport.Check> checks = judge.replay(GuestResults.parse(results(c -> c.startsWith("flow draw")))
                .replays
                .get("media.replay"));
        assertTrue(checks.stream()
                .filter(c -> c.name().startsWith("flow draw"))
                .allMatch(c -> c.failures().get(0).cause() == ProveReport.Cause.TARGET));
    }
}
