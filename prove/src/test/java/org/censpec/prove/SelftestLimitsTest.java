package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

/**
 * The heaps the kernel's heap selftest cannot pass on by design. Found by the long corpus run
 * (2026-12-07): the Dragonboard 845c's {@code dsp} heap (only the reusable 16 MiB {@code fastrpc}
 * region, align 4M: 4 buffers at once) refused the selftest's 5th mapped buffer with ENOMEM, as
 * it must, and the proof blamed the module (3 failures, 23177 passed).
 */
class SelftestLimitsTest {
    private static final TargetMemory.Contiguous CMA_64M = TargetMemory.Contiguous.cma(64L << 20, "Debian's kernel");

    private static Prediction board(String name) throws Exception {
        Path file = Corpus.boards(Path.of("boards")).stream()
                .filter(b -> b.name().equals(name))
                .findFirst()
                .orElseThrow()
                .spec();
        Spec spec = Corpus.spec(file);
        Board board = Board.importedFrom(file, new ArrayList<>()).orElseThrow();
        return new Prediction(spec, BoardChecks.memoryOf(board, spec, CMA_64M));
    }

    @Test
    void aRegionThatHoldsFourBuffersIsKeptFromTheSelftestWithWhy() throws Exception {
        Prediction p = board("db845c");
        Map<String, String> limited = SelftestLimits.of(p);
        assertEquals(java.util.List.of("db845c_media-dsp-contiguous"), java.util.List.copyOf(limited.keySet()));
        assertTrue(
                limited.get("db845c_media-dsp-contiguous")
                        .startsWith("its allocators hold at most 4 buffers of 4 KiB at once here"),
                limited.toString());
    }

    @Test
    void liveBuffersCountEachAllocatorsCapacityOverItsAlignAndStopAtRam() throws Exception {
        Spec spec = new SpecReader().parse("b.cen", """
                        spec b;
                        ram 2G;
                        property contiguous;
                        allocator pool { backend contiguous; provides contiguous; region "pool"; size 16M; align 4M; }
                        allocator cma { backend contiguous; provides contiguous; align 4M; }
                        allocator system { backend pages; }
                        device dsp { dma_bits 32; requires contiguous; }
                        device gpu { dma_bits 32; }
                        share s { dsp } max_size 4M;
                        share small { gpu } max_size 512K;
                        """).spec().orElseThrow();
        TargetMemory withCma = new TargetMemory(
                CMA_64M,
                Map.of("pool", new TargetMemory.Region("pool", 16L << 20, true, "test")),
                TargetMemory.Ram.fromZero());
        Prediction p = new Prediction(spec, withCma);
        long pool = 1L << spec.allocator("pool").orElseThrow().priority();
        long cma = 1L << spec.allocator("cma").orElseThrow().priority();
        long system = 1L << spec.allocator("system").orElseThrow().priority();
        assertEquals(4, p.liveBuffers(pool, 4096));
        assertEquals(4 + 16, p.liveBuffers(pool | cma, 4096));
        assertEquals(Long.MAX_VALUE, p.liveBuffers(pool | system, 4096));
        // without CMA the contiguous backend takes buddy blocks from all of RAM
        Prediction buddy = new Prediction(
                spec, new TargetMemory(TargetMemory.Contiguous.buddy("x86-64"), Map.of(), TargetMemory.Ram.fromZero()));
        assertEquals(Long.MAX_VALUE, buddy.liveBuffers(cma, 1L << 20));
        assertEquals(0, buddy.liveBuffers(pool, 4096), "no region in the target: it serves nothing");

        Map<String, String> limited = SelftestLimits.of(p);
        assertTrue(
                limited.get("b-s-contiguous").startsWith("its allocators hold at most 20 buffers of 4 KiB"),
                limited.toString());
        assertTrue(limited.get("b-small").contains("max_size 512 KiB"), limited.toString());
        assertTrue(!limited.containsKey("b"), "the generic heap falls back to the page allocator");
    }
}
