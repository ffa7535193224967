package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The Linux names the check refuses to derive (model's kernel-names.txt, read by
 * GeneratedNames) are those of the kernels censpec builds for: prove/scripts/kernel-names.sh
 * --check preprocesses the generated tables' includes on x86_64 and arm64, 6.1 and 6.12, and
 * fails when the committed list is out of date.
 */
class KernelNamesTest {
    @Test
    void theCommittedLinuxNamesAreThoseOfTheInstalledKernels() throws Exception {
        Scripts.Result r =
                Scripts.run(HostileBuildTest.WORK.resolve("kernel-names.log"), 900, "kernel-names.sh", "--check");
        assertEquals(0, r.exit(), r.output());
    }
}
