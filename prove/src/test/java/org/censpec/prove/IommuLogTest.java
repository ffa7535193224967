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
}
