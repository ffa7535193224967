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

    /** The spelling in the spec language. */
    public String keyword() {
        return keyword;
    }
}
