package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed rmmod's report names what still held the module: the guest's HOLD lines (recorded on
 * Debian 6.12 x86-64 with qemu_importers, where vb2 kept the reference of a dma-buf whose attach
 * the module refused at vivid's QBUF), without the blank lines of debugfs' bufinfo.
 */
class RmmodHoldTest {
    static final String GUEST = String.join(
            "\n",
            "@@CENSPEC BEGIN kernel=6.12.118+deb12-amd64 mem_kb=480000 uptime=2.10",
            "@@CENSPEC STEP rmmod qemu_importers",
            "@@CENSPEC MODULE qemu_importers rmmod rc=1 uptime=11.58",
            "@@CENSPEC MODULE qemu_importers HOLD refcnt=1 holders=",
            "@@CENSPEC MODULE qemu_importers HOLD bufinfo ",
            "@@CENSPEC MODULE qemu_importers HOLD bufinfo Dma-buf Objects:",
            "@@CENSPEC MODULE qemu_importers HOLD bufinfo 00614400\t00000002\t00080007\t00000001\tqemu_importers"
                    + "\t00000010\t<none>",
            "@@CENSPEC MODULE qemu_importers HOLD bufinfo Total 0 devices attached",
            "@@CENSPEC MODULE qemu_importers HOLD rmmod again after 2 s rc=1 refcnt=1",
            "@@CENSPEC RESULT module=qemu_importers insmod=0 replay=- abi=ok rmmod=1 leftover=0 java=- run=-",
            "@@CENSPEC RESULT status=fail modules=1 insmod_fail=0 rmmod_fail=1 leftover_nodes=0 dmesg_bad=0",
            "");

    @Test
    void theHoldLinesBecomeOneFailureOfTheGuestCheckBlankOnesLeftOut() {
        BootLines lines = BootLines.parse(GUEST);
        assertEquals(5, lines.holds.size(), lines.holds.toString());
        assertTrue(lines.holds.get(0).startsWith("qemu_importers HOLD refcnt=1"), lines.holds.toString());
        ProveReport.Check c = new BootJudge(null, null, List.of())
                .guest(GuestResults.parse(GUEST), lines, new java.util.ArrayList<>());
        assertEquals(1, c.failed());
        ProveReport.Failure hold = c.failures().stream()
                .filter(f -> f.what().equals("rmmod"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                hold.kernel().contains("00614400") && hold.kernel().contains("rmmod again after 2 s rc=1"),
                hold.kernel());
    }

    @Test
    void aCleanRmmodHasNoHoldFailure() {
        String clean = GUEST.lines()
                .filter(l -> !l.contains(" HOLD "))
                .map(l -> l.replace("status=fail", "status=pass"))
                .reduce("", (a, b) -> a + b + "\n");
        BootLines lines = BootLines.parse(clean);
        assertTrue(lines.holds.isEmpty());
        assertEquals(
                0,
                new BootJudge(null, null, List.of())
                        .guest(GuestResults.parse(clean), lines, new java.util.ArrayList<>())
                        .failed());
    }
}
