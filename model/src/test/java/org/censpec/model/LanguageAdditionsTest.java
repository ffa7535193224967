package org.censpec.model;

import static org.censpec.model.SpecTexts.findings;
import static org.censpec.model.SpecTexts.ids;
import static org.censpec.model.SpecTexts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.censpec.model.semantics.Acceptance;
import org.junit.jupiter.api.Test;

class LanguageAdditionsTest {
    @Test
    void ramAtMovesTheDefaultBoundToTheEndOfRam() {
        Spec s = parse("spec x;\nram 6G at 1G;\nallocator a { backend pages; }\n");
        assertEquals(1L << 30, s.ramBase());
        assertEquals(7L << 30, s.allocators().get(0).below());
        assertEquals(6L << 30, new Acceptance(s).capacity(s.allocators().get(0)));
    }

    @Test
    void newDeviceAllocatorAndShareItems() {
        Spec s = parse("""
                spec x;
                ram 4G;
                property contiguous;
                allocator sec { backend contiguous; provides contiguous; protected; region "secure_pool"; size 64M; }
                allocator sys { backend pages; }
                device isp { dma_bits 32; iommu; requires contiguous; match "rockchip,rk3399-cif-isp", "ff910000.isp"; }
                device tee { dma_bits 32; protected; }
                share cam { isp, tee } max_size 12M;
                share other { isp } max_size 1M
                """);
        Device isp = s.devices().get(0);
        assertTrue(isp.iommu());
        assertEquals(
                List.of("rockchip,rk3399-cif-isp", "ff910000.isp"),
                isp.match().stream().map(Literal::value).toList());
        assertTrue(s.devices().get(1).accessesProtected());
        Allocator sec = s.allocators().get(0);
        assertTrue(sec.protectedMemory());
        assertEquals(Optional.of("secure_pool"), sec.region().map(Literal::value));
        assertEquals(Optional.of(64L << 20), sec.size());
        assertEquals(Optional.of(12L << 20), s.shares().get(0).maxSize());
        Allocator sys = s.allocators().get(1);
        // protected memory only to protected devices; the IOMMU gives contiguity
        assertFalse(Acceptance.accepts(isp, sec));
        assertTrue(Acceptance.accepts(isp, sys));
        assertTrue(Acceptance.accepts(s.devices().get(1), sec));
    }

    @Test
    void iommuLiftsThePhysicalReach() {
        Spec s = parse("""
                spec x;
                ram 16G;
                allocator hi { backend pages; }
                device plain { dma_bits 32; }
                device mmu { dma_bits 32; iommu; }
                """);
        assertEquals(
                List.of("below 16G is beyond 32-bit reach"),
                Acceptance.reasons(s.devices().get(0), s.allocators().get(0)));
        assertTrue(Acceptance.accepts(s.devices().get(1), s.allocators().get(0)));
    }

    @Test
    void everyLimitTheGeneratorsNeedIsALocatedRangeError() {
        assertEquals(List.of("spec.range@1:52"), ids("spec x; ram 1G; allocator a { backend pages; below 256; }"));
        assertEquals(List.of("spec.range@1:37"), ids("spec x; ram 1G; device d { dma_bits 11; }"));
        assertEquals(List.of("spec.range@1:47"), ids("spec x; ram 1G; device d { dma_bits 32; align 2K; }"));
        assertEquals(List.of("spec.range@1:13"), ids("spec x; ram 1K;"));
        assertEquals(List.of("spec.range@1:53"), ids("spec x; ram 1G; allocator a { backend pages; region \"r\"; }"));
        assertEquals(List.of("spec.range@1:33"), ids("spec x; ram 1G at 2G; allocator a { backend pages; below 1G; }"));
    }

    @Test
    void namesDifferingOnlyInCaseAndSharedMatchStringsAreDuplicates() {
        assertEquals(
                List.of("spec.duplicate@1:52"),
                ids("spec x; ram 1G; device cam { dma_bits 32; } device CAM { dma_bits 32; }"));
        assertEquals(
                List.of("spec.duplicate@1:84"),
                ids("spec x; ram 1G; device a { dma_bits 32; match \"m\"; } device b { dma_bits 32; match \"m\"; }"));
    }

    @Test
    void misspeltNamesGetASuggestion() {
        List<Finding> f = findings("""
                spec x; ram 1G; device display { dma_bits 32; } share s { display }
                flow f on s { actor a { attached: attach display; } actor b { wait a.atached; attach dispaly; } }
                """);
        assertEquals(2, f.size(), f.toString());
        assertTrue(
                f.get(0).message().endsWith("did you mean 'attached'?"),
                f.get(0).message());
        assertTrue(
                f.get(1).message().endsWith("did you mean 'display'?"), f.get(1).message());
        assertTrue(f.get(1).subject() instanceof Subject.StepOf);
    }

    @Test
    void syntaxErrorsSayWhatSizesAndItemsLookLike() {
        for (String size : List.of("4GB", "4GiB", "4g", "0x100000000")) {
            List<Finding> f = findings("spec x; ram " + size + ";");
            assertEquals("spec.syntax", f.get(0).id(), size);
            assertTrue(
                    f.get(0).message().contains("sizes are decimal with an optional K, M or G suffix"),
                    f.get(0).message());
        }
        List<Finding> f = findings("spec x; ram 1G; device d { dma_bits 32; below 1G; }");
        assertTrue(
                f.get(0).message().contains("a device's reach is its dma_bits"),
                f.get(0).message());
    }
}
