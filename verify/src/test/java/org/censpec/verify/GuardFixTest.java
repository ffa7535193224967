package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Fix;
import org.junit.jupiter.api.Test;

/**
 * One early map is the root cause of several late attaches: every one of those findings offers
 * the one fix that guards that map (a wait for each attach), the same on both engines, and
 * applying it leaves no flow finding.
 */
class GuardFixTest {
    private static final String SPEC = """
            spec early;
            ram 4G;
            property contiguous;
            allocator system { backend pages; }
            allocator cma { backend contiguous; provides contiguous; below 1G; size 64M; }
            device gpu { dma_bits 64; }
            device cam { dma_bits 30; requires contiguous; }
            device isp { dma_bits 30; requires contiguous; }
            device disp { dma_bits 30; requires contiguous; }
            device enc { dma_bits 30; requires contiguous; }
            share s { gpu, cam, isp, disp, enc }
            flow f on s {
                actor render {
                    attach gpu;
                    map gpu;
                }
                actor camera { attach cam; }
                actor scaler { attach isp; }
                actor display { attach disp; }
                actor encoder { attach enc; }
            }
            """;

    private static List<Finding> flowFindings(Engine engine, String text) {
        return new SpecCheck(engine, Duration.ofSeconds(120))
                .check("early.cen", text).findings().stream()
                        .filter(f -> f.id().startsWith("flow."))
                        .toList();
    }

    /** The text with a fix's insertions made (from the last, so earlier positions stay valid). */
    private static String apply(String text, Fix fix) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        List<Fix.Edit> edits = new ArrayList<>(fix.edits());
        edits.sort(Comparator.comparingInt((Fix.Edit e) -> e.at().line())
                .thenComparingInt(e -> e.at().column())
                .reversed());
        for (Fix.Edit e : edits) {
            String l = lines.get(e.at().line() - 1);
            lines.set(
                    e.at().line() - 1,
                    l.substring(0, e.at().column() - 1) + e.text() + l.substring(e.at().column() - 1));
        }
        return String.join("\n", lines);
    }

    @Test
    void fourAttachesLateForOneEarlyMapOfferOneFix() {
        List<Finding> direct = flowFindings(Engine.DIRECT, SPEC);
        // each attach: late-attach (render's map allocated system) and attach-after-map (cma, by luck)
        assertEquals(8, direct.size(), direct.toString());
        assertEquals(
                4,
                direct.stream().filter(f -> f.id().equals("flow.late-attach")).count());
        Fix fix = direct.get(0).fixes().get(0);
        for (Finding f : direct) {
            assertEquals(List.of(fix), f.fixes(), "every finding offers the one guard fix: " + f.message());
        }
        assertEquals(
                "label `attach cam` (line 17) `cam_attached:`, `attach isp` (line 18) `isp_attached:`, "
                        + "`attach disp` (line 19) `disp_attached:`, `attach enc` (line 20) `enc_attached:` and add "
                        + "`wait camera.cam_attached; wait scaler.isp_attached; wait display.disp_attached; "
                        + "wait encoder.enc_attached;` before `map gpu` (line 15)",
                fix.description());
        assertEquals(direct, flowFindings(Engine.ALLOY, SPEC), "both engines write the same findings and fix");
        String fixed = apply(SPEC, fix);
        assertTrue(
                fixed.contains(
                        "        wait camera.cam_attached; wait scaler.isp_attached; wait display.disp_attached; "
                                + "wait encoder.enc_attached; map gpu;"),
                fixed);
        assertEquals(List.of(), flowFindings(Engine.DIRECT, fixed), fixed);
    }

    @Test
    void aSingleLateAttachKeepsItsOwnFix() {
        String one = SPEC.replace("    actor scaler { attach isp; }\n", "")
                .replace("    actor display { attach disp; }\n", "")
                .replace("    actor encoder { attach enc; }\n", "");
        List<Finding> f = flowFindings(Engine.DIRECT, one);
        assertEquals(1, f.size(), f.toString());
        assertEquals("flow.late-attach", f.get(0).id());
        assertEquals(
                "label `attach cam` (line 17) `cam_attached:` and add `wait camera.cam_attached;` before "
                        + "`map gpu` (line 15)",
                f.get(0).fixes().get(0).description());
    }
}
