package org.censpec.cli.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.censpec.prove.HeapSelftest;
import org.junit.jupiter.api.Test;

/** The kernel's heap selftest output, as the guest printed it (6.1 plain form, 6.12/7.2 kselftest form). */
class HeapSelftestTest {
    /** linux-source-6.1's test, run on to the end, in a 6.1 guest with a module's heap (measured). */
    private static final String PLAIN = """
            Testing heap: rk3399_isp-cif_capture
            =======================================
              Testing allocation and importing:   OK
              Testing alloced 4k buffers are zeroed:  OK
              Testing alloced 1024k buffers are zeroed:  OK
              Testing (theoretical)older alloc compat:  FAIL (Older compat allocation failed!)
              Testing expected error cases:  OK
            Testing heap: rk3399_isp
            =======================================
              Testing allocation and importing:  (Could not open vgem - skipping):   OK
              Testing alloced 4k buffers are zeroed:  OK
              Testing alloced 1024k buffers are zeroed:  OK
              Testing (theoretical)older alloc compat:  OK
              Testing (theoretical)newer alloc compat:  OK
              Testing expected error cases:  OK
            """;

    /** linux-source-6.12's test in a 6.12 guest: one heap of a module, then the kernel's own system heap. */
    private static final String KSELFTEST = """
            TAP version 13
            1..22
            # Testing heap: rk3399_isp
            # =======================================
            # Testing allocation and importing:
            ok 1 Import buffer 0
            ok 2 test_alloc_and_import dmabuf sync succeeded
            # Testing alloced 4k buffers are zeroed:
            ok 3 Allocate and fill a bunch of buffers
            ok 4 Allocate and validate all buffers are zeroed
            # Testing alloced 1024k buffers are zeroed:
            ok 5 Allocate and fill a bunch of buffers
            ok 6 Allocate and validate all buffers are zeroed
            # Testing (theoretical) older alloc compat:
            not ok 7 dmabuf_heap_alloc_older
            # Testing (theoretical) newer alloc compat:
            not ok 8 dmabuf_heap_alloc_newer
            # Testing expected error cases:
            ok 9 Error expected on invalid fd -1
            ok 10 Error expected on invalid heap flags -1
            ok 11 Error expected on invalid heap flags -1
            # Testing heap: system
            # =======================================
            # Testing allocation and importing:
            ok 12 # SKIP Could not open vgem -1
            ok 13 test_alloc_and_import dmabuf sync succeeded
            """;

    private static HeapSelftest parse(String text, int rc) {
        return HeapSelftest.parse(text.lines().toList(), rc);
    }

    @Test
    void plainFormCountsEveryPrintedCheckPerHeap() {
        HeapSelftest st = parse(PLAIN, 1);
        assertEquals(11, st.checks().size());
        assertEquals(9, st.passed());
        assertEquals(
                List.of("rk3399_isp-cif_capture", "rk3399_isp"),
                List.copyOf(st.perHeap().keySet()));
        assertEquals(4, st.perHeap().get("rk3399_isp-cif_capture")[0]);
        HeapSelftest.Check compat = st.checks().get(3);
        assertEquals("(theoretical)older alloc compat", compat.name());
        assertFalse(compat.passed());
        assertEquals("FAIL (Older compat allocation failed!)", compat.detail());
        assertFalse(st.verdict());
    }

    @Test
    void anImportSkippedForWantOfVgemIsAFailure() {
        HeapSelftest.Check skipped = parse(PLAIN, 1).checks().get(5);
        assertEquals("rk3399_isp", skipped.heap());
        assertFalse(skipped.passed(), "prove loads vgem: a skipped import tested nothing");
        HeapSelftest.Check ksft = parse(KSELFTEST, 1).checks().get(11);
        assertEquals("system", ksft.heap());
        assertFalse(ksft.passed());
        assertEquals("skipped", ksft.detail());
    }

    @Test
    void aSkippedImportIsNotRunWhereNoVgemCouldLoad() {
        String text = String.join("\n", "1..2", "# Testing heap: h", "ok 1 # SKIP Could not open vgem -1", "ok 2 sync");
        HeapSelftest st = parse(text, 0);
        assertEquals(1, st.skipped());
        assertEquals(1, st.failedCounted(true), "vgem loaded: the skip tested nothing");
        assertFalse(st.verdict(true));
        assertEquals(0, st.failedCounted(false), "no vgem in this kernel: the import did not run");
        assertTrue(st.verdict(false));
        assertFalse(
                parse("1..1\n# Testing heap: h\nok 1 # SKIP Could not open vgem -1", 0)
                        .verdict(false),
                "nothing but skips proves nothing");
    }

    @Test
    void kselftestFormReadsResultsAndThePlan() {
        HeapSelftest st = parse(KSELFTEST, 1);
        // 13 reported, the plan of 22 adds one failed check for the 9 never reported
        assertEquals(14, st.checks().size());
        assertEquals(10, st.passed());
        assertEquals("dmabuf_heap_alloc_older", st.checks().get(6).name());
        assertFalse(st.checks().get(6).passed());
        assertEquals("planned 22 checks, reported 13", st.checks().get(13).detail());
    }

    @Test
    void allChecksPassingAndExitZeroIsTheOnlyPass() {
        String good = String.join("\n", "1..2", "# Testing heap: h", "ok 1 Import buffer 0", "ok 2 sync");
        assertTrue(parse(good, 0).verdict());
        assertFalse(parse(good, 1).verdict(), "a non-zero exit is a failure even when every printed check passed");
        assertFalse(parse("", 0).verdict(), "no check at all proves nothing");
    }

    @Test
    void seriesOfTheSelftestFollowsTheKernel() {
        assertEquals("6.1", HeapSelftest.seriesFor("6.1"));
        assertEquals("7.2", HeapSelftest.seriesFor("7.2"));
        assertEquals("6.1", HeapSelftest.seriesFor("debug"));
        assertEquals("7.2", HeapSelftest.seriesFor("/nonexistent/kernel/folder"));
    }
}
