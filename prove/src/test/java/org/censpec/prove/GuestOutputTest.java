package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What prove reads from a guest's output besides the replays: the memory its dmesg reports
 * (node names with commas, CMA and no-map pools, the default area) against what was assumed,
 * and whose a dmesg complaint is (a soft lockup that began while the kernel booted is the
 * target's, not the module's).
 */
class GuestOutputTest {
    static final String DMESG = String.join(
            "\n",
            "[    0.000000] Reserved memory: created CMA memory pool at 0x000000003a000000, size 32 MiB",
            "[    0.000000] OF: reserved mem: initialized node censpec-pool, compatible id shared-dma-pool",
            "[    0.000000] Reserved memory: created CMA memory pool at 0x0000000032000000, size 128 MiB",
            "[    0.000000] OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool",
            "[    0.000000] Reserved memory: created DMA memory pool at 0x0000000050000000, size 4 MiB",
            "[    0.000000] OF: reserved mem: initialized node firmware@50000000, compatible id shared-dma-pool");

    @Test
    void theGuestsMemoryIsComparedWithTheAssumedOne() {
        GuestMemory g = GuestMemory.parse(DMESG);
        assertEquals(List.of("censpec-pool", "linux,cma", "firmware"), List.copyOf(g.pools.keySet()));
        assertTrue(g.pools.get("firmware").size() == 4L << 20
                && !g.pools.get("firmware").cma());
        TargetMemory as = new TargetMemory(
                TargetMemory.Contiguous.cma(128L << 20, "test"),
                Map.of("censpec-pool", new TargetMemory.Region("censpec-pool", 32L << 20, true, "test")),
                new TargetMemory.Ram(0, 1L << 30));
        assertEquals(List.of(), g.differences(as));
        TargetMemory other = new TargetMemory(
                TargetMemory.Contiguous.cma(64L << 20, "cfg"),
                Map.of(
                        "video",
                        new TargetMemory.Region("video", 16L << 20, true, "the board's /reserved-memory/video")),
                new TargetMemory.Ram(0, 1L << 30));
        List<String> d = g.differences(other);
        assertEquals(2, d.size(), d.toString());
        assertTrue(d.get(0)
                .startsWith("region video (16 MiB, the board's /reserved-memory/video) is not in the guest's dmesg"));
        assertTrue(d.get(1).startsWith("default CMA area: assumed 64 MiB"), d.get(1));
    }

    /**
     * The Genio 700's three pools named {@code memory} as its guest reported them (corpus run
     * 2026-12-07, Debian 6.1 arm64 virt): the kernel initialises the two static 20 MiB pools
     * before the 41 MiB one that comes first in the devicetree, which the runtime's lookup and the
     * prediction take. The first line of that name is not the pool assumed (a false target failure
     * before: "assumed 41 MiB, the guest made 20 MiB").
     */
    @Test
    void poolsThatShareANodeNameAreAllComparedNotTheFirstReported() {
        GuestMemory g = GuestMemory.parse(String.join(
                "\n",
                "[    0.000000] Reserved memory: created DMA memory pool at 0x0000000055000000, size 20 MiB",
                "[    0.000000] OF: reserved mem: initialized node memory@55000000, compatible id shared-dma-pool",
                "[    0.000000] Reserved memory: created DMA memory pool at 0x0000000057000000, size 20 MiB",
                "[    0.000000] OF: reserved mem: initialized node memory@57000000, compatible id shared-dma-pool",
                "[    0.000000] Reserved memory: created DMA memory pool at 0x0000000050000000, size 41 MiB",
                "[    0.000000] OF: reserved mem: initialized node memory@50000000, compatible id shared-dma-pool",
                "[    0.000000] cma: Reserved 64 MiB at 0x000000007c000000"));
        TargetMemory assumed = new TargetMemory(
                TargetMemory.Contiguous.cma(64L << 20, "cfg"),
                Map.of(
                        "memory",
                        new TargetMemory.Region(
                                "memory", 41L << 20, false, "the board's /reserved-memory/memory@50000000, no-map")),
                new TargetMemory.Ram(1L << 30, 2L << 30));
        assertEquals(List.of(), g.differences(assumed));
        TargetMemory other = new TargetMemory(
                assumed.contiguous(),
                Map.of("memory", new TargetMemory.Region("memory", 32L << 20, false, "test")),
                assumed.ram());
        assertEquals(
                List.of("region memory: assumed 32 MiB, the guest made 20 MiB and 20 MiB and 41 MiB"),
                g.differences(other));
    }

    @Test
    void aSoftLockupThatBeganWhileTheKernelBootedIsTheTargets() {
        ProveReport.Failure boot = BootJudge.dmesgFailure(
                "[   32.762714] watchdog: BUG: soft lockup - CPU#0 stuck for 27s!" + " [swapper/0:1]", 30.27);
        assertEquals(ProveReport.Cause.TARGET, boot.cause());
        ProveReport.Failure module =
                BootJudge.dmesgFailure("[   45.100000] BUG: KASAN: use-after-free in cen_back", 30.27);
        assertEquals(ProveReport.Cause.MODULE, module.cause());
    }
}
