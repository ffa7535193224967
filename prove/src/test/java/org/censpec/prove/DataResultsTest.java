package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The memory accounting of a data boot (accounting.sh): a module within the limits passes, one
 * over them after the second look fails with what its memory group holds (the LEAK-STAT line);
 * an over-limit first look that settles is no failure.
 */
class DataResultsTest {
    private static final String BOOT = String.join(
            "\n",
            "@@CENSPEC LEAK-STAT db845c anon=12 kernel=1796 slab_unreclaimable=1500 (KiB)",
            "@@CENSPEC LEAK-FIRST db845c memcg_kb=1796 free_kb=10 cma_kb=0 memcg=1 over: memcg_kb>1024;"
                    + " looking again in 3 s",
            "@@CENSPEC LEAK db845c memcg_kb=40 free_kb=10 cma_kb=0 memcg=1 ok",
            "@@CENSPEC LEAK-STAT other anon=2048 (KiB)",
            "@@CENSPEC LEAK-FIRST other memcg_kb=2048 free_kb=0 cma_kb=0 memcg=1 over: memcg_kb>1024;"
                    + " looking again in 3 s",
            "@@CENSPEC LEAK-STAT other anon=2048 (KiB)",
            "@@CENSPEC LEAK other memcg_kb=2048 free_kb=0 cma_kb=0 memcg=1 FAIL memcg_kb>1024",
            "");

    @Test
    void aLeakThatStaysFailsWithWhatTheGroupHoldsOneThatSettledPasses() {
        ProveReport.Check c = DataBoot.leaks(DataResults.parse(BOOT));
        assertEquals(1, c.passed());
        assertEquals(1, c.failed());
        String leak = c.failures().get(0).kernel();
        assertTrue(leak.startsWith("LEAK other memcg_kb=2048"), leak);
        assertTrue(leak.endsWith("; LEAK-STAT other anon=2048 (KiB)"), leak);
    }
}
