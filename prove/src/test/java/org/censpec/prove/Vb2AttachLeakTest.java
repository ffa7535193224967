package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A module held after rmmod only by videobuf2's reference to buffers whose QBUF vivid refused, on
 * a kernel whose probe showed the same leak with vgem's own buffer, is the kernel's (the guest
 * check passes and the report says rmmod was not proven); any hold the leak does not explain stays
 * the module's failure. The guest lines are those of Debian 6.12 x86-64 with qemu_importers
 * (RmmodHoldTest), plus importer_drive's REFUSED and VB2-LEAK-PROBE lines.
 */
class Vb2AttachLeakTest {
    private static final String REFUSED = "@@CENSPEC IMPORTER REFUSED 16 ino=10\n";
    private static final String PROBE = "@@CENSPEC IMPORTER VB2-LEAK-PROBE qbuf=-14 ino=23 leaked=1\n";

    private static String held(String extra) {
        return extra + RmmodHoldTest.GUEST;
    }

    private static ProveReport.Check judge(String guest, List<String> notProven) {
        return new BootJudge(null, null, List.of()).guest(GuestResults.parse(guest), BootLines.parse(guest), notProven);
    }

    @Test
    void aHoldOfRefusedBuffersOnAKernelWhoseVb2LeaksIsTheKernelsAndSaysRmmodWasNotProven() {
        List<String> notProven = new ArrayList<>();
        ProveReport.Check c = judge(held(REFUSED + PROBE), notProven);
        assertEquals(0, c.failed(), c.failures().toString());
        assertEquals(1, notProven.size(), notProven.toString());
        assertTrue(notProven.get(0).startsWith("rmmod qemu_importers and its memory accounting"), notProven.get(0));
        assertTrue(notProven.get(0).contains("inodes [10]"), notProven.get(0));
    }

    private static void stillTheModules(String guest) {
        List<String> notProven = new ArrayList<>();
        ProveReport.Check c = judge(guest, notProven);
        assertEquals(1, c.failed(), guest);
        assertTrue(notProven.isEmpty(), notProven.toString());
        assertTrue(
                c.failures().stream().anyMatch(f -> f.what().equals("rmmod")),
                c.failures().toString());
    }

    @Test
    void withoutTheProbeLeakingTheHoldIsTheModules() {
        stillTheModules(held(REFUSED));
        stillTheModules(held(REFUSED + PROBE.replace("leaked=1", "leaked=0")));
        stillTheModules(held(REFUSED + PROBE.replace("qbuf=-14", "qbuf=0")));
    }

    @Test
    void aHeldBufferWhoseQbufWasNotRefusedIsTheModules() {
        stillTheModules(held(REFUSED.replace("ino=10", "ino=11") + PROBE));
    }

    private static String edited(UnaryOperator<String> edit) {
        return held(REFUSED + PROBE).lines().map(edit).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void aReferenceCountBeyondTheHeldBuffersIsTheModules() {
        stillTheModules(edited(l -> l.replace("HOLD refcnt=1", "HOLD refcnt=2")));
    }

    @Test
    void aHeldBufferStillAttachedOrWithMoreReferencesIsTheModules() {
        stillTheModules(edited(l -> l.replace("Total 0 devices attached", "Total 1 devices attached")));
        stillTheModules(edited(l -> l.replace("\t00000001\tqemu_importers", "\t00000002\tqemu_importers")));
    }

    @Test
    void aProcessHoldingTheModulesFileIsTheModules() {
        stillTheModules(edited(l -> l.startsWith("@@CENSPEC MODULE qemu_importers HOLD rmmod again")
                ? "@@CENSPEC MODULE qemu_importers HOLD pid=77 /bin/importer_drive\n" + l
                : l));
    }

    @Test
    void anotherFailureOfTheGuestKeepsTheHoldTheModules() {
        stillTheModules(edited(l -> l.replace("dmesg_bad=0", "dmesg_bad=1")));
        stillTheModules(edited(l -> l.replace("leftover_nodes=0", "leftover_nodes=1")));
    }
}
