package org.censpec.tools.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Labels belong to their actor: `wait display.attached` is display's `attached:`, not another actor's. */
class NameIndexTest {
    private static final String SPEC = """
            spec s;
            ram 1G;
            allocator a { backend pages; }
            device cam { dma_bits 32; }
            device disp { dma_bits 32; }
            share sh { cam, disp }
            flow f on sh {
                actor camera { attached: attach cam; wait display.attached; map cam; }
                actor display { attached: attach disp; wait camera.attached; map disp; }
            }
            """;

    private static int[] find(String needle, int skip) {
        int i = -1;
        for (int k = 0; k <= skip; k++) {
            i = SPEC.indexOf(needle, i + 1);
        }
        String before = SPEC.substring(0, i);
        return new int[] {(int) before.chars().filter(c -> c == '\n').count(), i - before.lastIndexOf('\n') - 1};
    }

    @Test
    void aWaitsLabelIsTheNamedActorsLabel() {
        NameIndex index = new NameIndex(SPEC);
        int[] wait = find("display.attached", 0);
        NameIndex.Occurrence label =
                index.at(wait[0], wait[1] + "display.".length()).orElseThrow();
        List<NameIndex.Occurrence> decl = index.declarationsOf(label);
        assertEquals(1, decl.size(), decl.toString());
        assertEquals(find("attached: attach disp", 0)[0], decl.get(0).line());
        int[] other = find("camera.attached", 0);
        NameIndex.Occurrence cameraLabel =
                index.at(other[0], other[1] + "camera.".length()).orElseThrow();
        assertEquals(
                find("attached: attach cam", 0)[0],
                index.declarationsOf(cameraLabel).get(0).line());
        // references of camera's `attached:`: its declaration and display's wait, not display's own label
        int[] decl0 = find("attached: attach cam", 0);
        assertEquals(
                2,
                index.referencesOf(index.at(decl0[0], decl0[1]).orElseThrow()).size());
    }
}
