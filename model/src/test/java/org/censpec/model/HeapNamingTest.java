package org.censpec.model;

import static org.censpec.model.SpecTexts.ids;
import static org.censpec.model.SpecTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.censpec.model.semantics.HeapNames;
import org.junit.jupiter.api.Test;

/** Heap names after upstream's convention, share aliases and heap_access: parsed, validated, named. */
class HeapNamingTest {
    private static final String BOARD = """
            spec board;
            ram 4G;
            property contiguous;
            property secure;
            allocator cma { backend contiguous; provides contiguous; }
            allocator sys { backend pages; }
            allocator tee { backend contiguous; protected; provides secure; }
            device cam { dma_bits 32; requires contiguous; }
            device gpu { dma_bits 64; forbids secure; }
            device vpu { dma_bits 32; protected; requires secure; }
            """;

    @Test
    void namesSayWhatEveryBufferOfTheHeapIs() {
        Spec s = parse(BOARD + """
                share preview { cam, gpu } alias "linux,cma", "reserved";
                share video { vpu }
                share any { gpu } max_size 4M
                """);
        List<HeapNames.Heap> heaps = HeapNames.of(s);
        assertEquals(
                List.of(
                        "board",
                        "board-preview-contiguous",
                        "board-video-contiguous-protected",
                        "board-any",
                        "linux,cma",
                        "reserved"),
                heaps.stream().map(HeapNames.Heap::name).toList());
        assertEquals(Optional.of("board-preview"), heaps.get(1).former());
        assertEquals(Optional.of("board-any"), heaps.get(3).former(), "no suffix: the former name is the name");
        assertTrue(heaps.get(4).alias());
        assertEquals(heaps.get(1).mask(), heaps.get(4).mask(), "an alias is its share's heap again");
        assertEquals(Optional.of("preview"), heaps.get(5).share());
        assertEquals(Optional.of(4L << 20), s.share("any").orElseThrow().maxSize(), "clauses in any order");
    }

    @Test
    void heapAccessGivesGroupAndMode() {
        assertEquals(
                0660,
                parse(BOARD + "heap_access group \"video\";\n")
                        .heapAccess()
                        .orElseThrow()
                        .mode(),
                "a named group reads and writes");
        HeapAccess h = parse(BOARD + "heap_access mode 0640 group \"render\";\n")
                .heapAccess()
                .orElseThrow();
        assertEquals(0640, h.mode());
        assertEquals(Optional.of("render"), h.group().map(Literal::value));
        assertEquals(
                0600,
                parse(BOARD + "heap_access mode 600;\n")
                        .heapAccess()
                        .orElseThrow()
                        .mode());
        assertEquals(Optional.empty(), parse(BOARD).heapAccess());
    }

    @Test
    void badNamesAndModesAreLocatedErrors() {
        assertEquals(List.of("spec.range@11:18"), ids(BOARD + "heap_access mode 0668;\n"));
        assertEquals(List.of("spec.range@11:18"), ids(BOARD + "heap_access mode 01777;\n"));
        assertEquals(List.of("spec.invalid-name@11:19"), ids(BOARD + "heap_access group \"Video Users\";\n"));
        assertEquals(List.of("spec.duplicate@12:1"), ids(BOARD + "heap_access mode 0600;\nheap_access mode 0660;\n"));
        assertEquals(List.of("spec.duplicate@11:23"), ids(BOARD + "heap_access mode 0600 mode 0660;\n"));
        assertEquals(List.of("spec.invalid-name@11:23"), ids(BOARD + "share s { gpu } alias \"a/b\";\n"));
        assertEquals(List.of("spec.invalid-name@11:23"), ids(BOARD + "share s { gpu } alias \"board-x\";\n"));
        assertEquals(List.of("spec.duplicate@11:33"), ids(BOARD + "share s { gpu } alias \"system\", \"system\";\n"));
        assertEquals(List.of("spec.duplicate@11:29"), ids(BOARD + "share s { gpu } max_size 1M max_size 2M;\n"));
        assertEquals(List.of("spec.invalid-name@11:7"), ids(BOARD + "share contiguous { gpu }\n"));
    }
}
