package org.censpec.tools.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.junit.jupiter.api.Test;

/** Completion offers what fits at the cursor, not every name and keyword of the spec. */
class CompletionsTest {
    private static final String SPEC = """
            spec board;
            ram 4G;
            property contiguous;
            property cached;
            allocator cma { backend contiguous; provides contiguous; }
            device decoder { dma_bits 32; requires contiguous; }
            device display { dma_bits 32; }
            device camera { dma_bits 32; }
            share video { decoder, display }
            share photo { camera, display }
            flow play on video {
                actor decoder { attached: attach decoder; decoded: map decoder; }
                actor display { attached: attach display; shown: map display; }
                actor other { }
            }
            """;

    /** Labels of the completions with {@code marker} in a copy of the spec standing for the cursor. */
    private static List<String> at(String replace, String with) {
        String text = SPEC.replace(replace, with);
        int i = text.indexOf('|');
        String before = text.substring(0, i);
        int line = (int) before.chars().filter(c -> c == '\n').count();
        int col = i - before.lastIndexOf('\n') - 1;
        return Completions.at(text.replace("|", ""), line, col).stream()
                .map(CompletionItem::getLabel)
                .toList();
    }

    @Test
    void afterWaitActorDotOnlyThatActorsLabels() {
        assertEquals(List.of("attached", "decoded"), at("actor other { }", "actor other { wait decoder.| }"));
        assertEquals(List.of("attached", "shown"), at("actor other { }", "actor other { wait display.| }"));
        assertEquals(List.of("shown"), at("actor other { }", "actor other { wait display.s| }"));
        assertEquals(
                List.of("decoder", "display"), at("actor other { }", "actor other { wait | }"), "the other actors");
    }

    @Test
    void afterAnOperationTheDevicesOfTheFlowsShare() {
        assertEquals(List.of("decoder", "display"), at("actor other { }", "actor other { attach | }"));
        assertEquals(List.of("decoder", "display"), at("actor other { }", "actor other { go: map d| }"));
        assertEquals(List.of("attach", "map", "unmap", "detach", "wait"), at("actor other { }", "actor other { | }"));
        assertEquals(List.of("actor"), at("actor other { }", "actor other { }\n    |"));
    }

    @Test
    void listsAndItemsOfDeclarations() {
        assertEquals(List.of("contiguous", "cached"), at("requires contiguous;", "requires contiguous, |;"));
        assertEquals(
                List.of("cached"), at("device camera { dma_bits 32; }", "device camera { dma_bits 32; requires ca| }"));
        assertEquals(
                List.of("dma_bits", "requires", "forbids", "align", "iommu", "protected", "match"),
                at("device camera { dma_bits 32; }", "device camera { dma_bits 32; | }"));
        assertEquals(List.of("contiguous", "pages", "pages_dma32"), at("backend contiguous;", "backend |;"));
        assertEquals(
                List.of("camera", "decoder", "display"),
                List.copyOf(
                        new java.util.TreeSet<>(at("share photo { camera, display }", "share photo { camera, | }"))));
        assertEquals(List.of("video", "photo"), at("flow play on video {", "flow play on | {"));
        assertEquals(List.of(), at("dma_bits 32; requires", "dma_bits |; requires"), "a number, nothing to name");
        assertEquals(List.of("4K", "4M", "4G"), at("ram 4G;", "ram 4|;"));
    }
}
