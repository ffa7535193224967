package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.censpec.model.Device;
import org.junit.jupiter.api.Test;

/**
 * The runtime's refusals of the translating engine registered as a spec iommu device, judged
 * from the kernel lines the arm64 6.1 data boot of rk3399_isp printed: one line for the
 * refused registration, one for the refused attach, none saying no IOMMU translates.
 */
class IommuLogTest {
    static final String BDF = "0000:00:10.0";
    static final String REGISTER = "[   11.980065] censpec_edu 0000:00:10.0: rk3399_isp: spec device isp has 32 DMA"
            + " address bits, but the device's DMA limit is 0x7fffffff";
    static final String ATTACH = "[   11.980194] censpec_edu 0000:00:10.0: rk3399_isp: DMA limit 0x7fffffff does not"
            + " reach the 32 bits of spec device isp";
    static final String NO_IOMMU = "[   11.980300] censpec_edu 0000:00:10.0: rk3399_isp: spec device isp is declared"
            + " behind an IOMMU, but no IOMMU translates for it";

    static Device isp() throws Exception {
        return DataPlanTest.spec(DataPlanTest.EXAMPLES.resolve("rk3399_isp.cen")).devices().stream()
                .filter(d -> d.name().equals("isp"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void oneLinePerRefusalPasses() throws Exception {
        ProveReport.Check c = IommuLog.refusals(String.join("\n", REGISTER, ATTACH), BDF, "rk3399_isp", isp());
        assertEquals(
                List.of(3, 0), List.of(c.passed(), c.failed()), c.failures().toString());
    }

    @Test
    void aMissingRepeatedOrNoIommuLineFails() throws Exception {
        Device isp = isp();
        assertEquals(2, IommuLog.refusals("", BDF, "rk3399_isp", isp).failed());
        assertEquals(
                1,
                IommuLog.refusals(String.join("\n", REGISTER, ATTACH, ATTACH), BDF, "rk3399_isp", isp)
                        .failed());
        assertEquals(
                1,
                IommuLog.refusals(String.join("\n", REGISTER, ATTACH, NO_IOMMU), BDF, "rk3399_isp", isp)
                        .failed());
    }

    /** The arm64 6.12 data boot of rk3399_isp: the guest's engine lines and the runtime's. */
    static final String ENGINES = String.join(
            "\n",
            "@@CENSPEC IOMMU 0000:00:10.0 type=DMA write_rc=0 driver=censpec_edu bound=1",
            "@@CENSPEC DATA ENGINE 0 edu-0000:00:01.0",
            "@@CENSPEC DATA ENGINE 1 edu-0000:00:02.0",
            "@@CENSPEC DATA ENGINE 2 edu-0000:00:10.0");

    static String runtimeLine(String bdf, String iommu) {
        return "[    2.205900] censpec_edu " + bdf + ": rk3399_isp: importer the spec does not name: compatible -,"
                + " DMA mask 0xffffffffffffffff, bus limit 0x0, " + iommu + ", bus offset 0x0, max segment 65536";
    }

    static final String DMESG = String.join(
            "\n",
            runtimeLine("0000:00:01.0", "no IOMMU"),
            runtimeLine("0000:00:02.0", "no IOMMU"),
            runtimeLine("0000:00:10.0", "IOMMU"));

    @Test
    void theTranslatingEngineAloneIsSeenBehindAnIommu() {
        List<String> notProven = new java.util.ArrayList<>();
        ProveReport.Check c = IommuLog.check(ENGINES, DMESG, BDF, java.util.Set.of(0, 1, 2), notProven);
        assertEquals(
                List.of(4, 0), List.of(c.passed(), c.failed()), c.failures().toString());
        assertEquals(List.of(), notProven);
        String swapped = DMESG.replace(", IOMMU,", ", no IOMMU,");
        assertEquals(
                1,
                IommuLog.check(ENGINES, swapped, BDF, java.util.Set.of(0, 1, 2), notProven)
                        .failed());
    }

    /** espressobin: no allocator of the spec in the engines' reach, so the plan attaches none. */
    @Test
    void anEngineThePlanNeverAttachesIsNotProvenNotFailed() {
        List<String> notProven = new java.util.ArrayList<>();
        ProveReport.Check c = IommuLog.check(ENGINES, "", BDF, java.util.Set.of(), notProven);
        assertEquals(
                List.of(1, 0), List.of(c.passed(), c.failed()), c.failures().toString());
        assertEquals(3, notProven.size(), notProven.toString());
        assertEquals(
                1,
                IommuLog.check(ENGINES, "", BDF, java.util.Set.of(2), new java.util.ArrayList<>())
                        .failed());
    }
}
