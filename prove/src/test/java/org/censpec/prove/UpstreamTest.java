package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Upstream's checks in a boot's report: the kernel's heap selftest counts (a skipped import is a
 * failure where vgem loaded, not run where the kernel had none to load) and the module's udev
 * rules are a check of their own, from what the guest printed.
 */
class UpstreamTest {
    private final Upstream upstream;

    UpstreamTest() throws Exception {
        ImporterPlan none =
                ImporterPlan.none(DataPlanTest.spec(Path.of("..", "examples", "rpi4_camera.cen")), "not driven");
        upstream = new Upstream(
                Path.of("m.ko"),
                Path.of("dmabuf-heap"),
                Path.of("i"),
                none,
                Upstream.KMODS,
                true,
                List.of("--udev-rules", "r"),
                java.util.Map.of("board-dsp", "its allocators hold at most 4 buffers of 4 KiB at once here"));
    }

    /** The selftest on one heap whose import was skipped (no vgem card opened). */
    private static String selftest(boolean vgemLoaded) {
        return String.join(
                "\n",
                "@@CENSPEC KMOD vgem insmod rc=" + (vgemLoaded ? "0 params=-" : "1 params=- error=no such module"),
                "@@CENSPEC SELFTEST board HIDDEN board-play protected",
                "@@CENSPEC SELFTEST board HIDDEN board-dsp limits",
                "@@CENSPEC SELFTEST-OUT board TAP version 13",
                "@@CENSPEC SELFTEST-OUT board 1..2",
                "@@CENSPEC SELFTEST-OUT board # Testing heap: board-cam-contiguous",
                "@@CENSPEC SELFTEST-OUT board ok 1 # SKIP Could not open vgem -1",
                "@@CENSPEC SELFTEST-OUT board ok 2 test_alloc_zeroed",
                "@@CENSPEC SELFTEST board EXIT rc=0");
    }

    @Test
    void theSelftestCountsASkippedImportWhereVgemLoaded() {
        List<String> notProven = new ArrayList<>();
        List<ProveReport.Check> checks = upstream.selftests(GuestResults.parse(selftest(true)), notProven);
        assertEquals(1, checks.size(), checks.toString());
        assertEquals(1, checks.get(0).passed());
        assertEquals(1, checks.get(0).failed(), "the import was never tried although vgem loaded");
        assertTrue(checks.get(0).failures().get(0).scenario().contains("board-cam-contiguous"), checks.toString());
        assertTrue(
                notProven.stream().anyMatch(l -> l.contains("not run on heap board-play, protected memory")),
                notProven.toString());
        assertTrue(
                notProven.stream()
                        .anyMatch(l -> l.contains(
                                "not run on heap board-dsp, its allocators hold at most 4 buffers of 4 KiB")),
                notProven.toString());

        notProven.clear();
        checks = upstream.selftests(GuestResults.parse(selftest(false)), notProven);
        assertEquals(0, checks.get(0).failed(), "no vgem in this kernel: the import did not run");
        assertTrue(notProven.stream().anyMatch(l -> l.contains("1 imports not run: no vgem")), notProven.toString());
        assertTrue(
                notProven.stream().anyMatch(l -> l.startsWith("kernel module: KMOD vgem insmod rc=1")),
                notProven.toString());
    }

    @Test
    void theUdevSummaryIsACheckWithEachFailedNode() {
        GuestResults g = GuestResults.parse(String.join(
                "\n",
                "@@CENSPEC UDEV board node board ok group=video mode=660",
                "@@CENSPEC UDEV board link board-cam fail got 'no link' want '/dev/dma_heap/board-cam-contiguous'",
                "@@CENSPEC UDEV board SUMMARY passed=1 failed=1"));
        List<ProveReport.Check> checks = upstream.udev(g);
        assertEquals(1, checks.size(), checks.toString());
        assertEquals(1, checks.get(0).passed());
        assertEquals(1, checks.get(0).failed());
        assertEquals(
                "link board-cam fail got 'no link' want '/dev/dma_heap/board-cam-contiguous'",
                checks.get(0).failures().get(0).kernel());
        assertEquals(List.of(), upstream.udev(GuestResults.parse("@@CENSPEC RESULT status=pass")), "no udev check run");
        assertTrue(
                upstream.bootArgs()
                        .containsAll(List.of("--permanent", "--udev-rules", "r", "--selftest-hide", "board-dsp")),
                upstream.bootArgs().toString());
    }
}
