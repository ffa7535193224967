package org.censpec.model;

/** How the generated kernel code allocates an allocator's backing pages. */
public enum Backend {
    /** Scattered pages from anywhere. */
    PAGES("pages"),
    /** Scattered pages below 4 GiB (ZONE_DMA32). */
    PAGES_DMA32("pages_dma32"),
    /** Physically contiguous memory. */
    CONTIGUOUS("contiguous");

    private final String keyword;

    Backend(String keyword) {
        this.keyword = keyword;
    }

    /** ZONE_DMA32 ends at 4 GiB on x86-64 and arm64. */
    public static final long DMA32_LIMIT = 1L << 32;

    /**
     * An allocator's {@code below} when the spec gives none: the end of RAM, and for
     * {@code pages_dma32} no higher than 4 GiB, where the kernel's ZONE_DMA32 pages lie
     * (docs/language.md, "allocator").
     */
    public long defaultBelow(long ramEnd) {
        return this == PAGES_DMA32 ? Math.min(ramEnd, DMA32_LIMIT) : ramEnd;
    }

    /** The spelling in the spec language. */
    public String keyword() {
        return keyword;
    }
}
