package org.censpec.model.semantics;

/**
 * Every numeric limit of the language, defined once. The checker reports a spec beyond any of
 * them as a located {@code spec.range} or {@code spec.invalid-name} error, so that a spec
 * without errors always generates (the generators use the same constants).
 */
public final class Limits {
    /** The page size every generated allocation is made of. */
    public static final long PAGE = 4096;
    /** Default {@code align} of allocators and devices. */
    public static final long DEFAULT_ALIGN = PAGE;
    /** Smallest {@code align}: allocations are whole pages, so they are always page aligned. */
    public static final long MIN_ALIGN = PAGE;
    /** Smallest {@code below}: an allocator must be able to hold one page. */
    public static final long MIN_BELOW = PAGE;
    /** Smallest {@code dma_bits}: a device must reach (or address) one page. */
    public static final int MIN_DMA_BITS = 12;
    /** Largest {@code dma_bits}. */
    public static final int MAX_DMA_BITS = 64;
    /** Allocators per spec: one bit each in the kernel's 32-bit constraint masks (as in the RFC). */
    public static final int MAX_ALLOCATORS = 32;
    /** Devices per share: one bit each in the checkers' 64-bit sets. */
    public static final int MAX_SHARE_DEVICES = 64;
    /** Longest name: generated symbols add a prefix of up to 40 characters. */
    public static final int MAX_NAME = 32;
    /** The spec name prefixes every generated C symbol and must keep lines within 100 columns. */
    public static final int MAX_SPEC_NAME = 20;
    /** Largest size: sizes are signed 64-bit numbers in the generated Java and checkers. */
    public static final long MAX_SIZE = Long.MAX_VALUE;
    /** The property an IOMMU provides to its device whatever the allocator: IOVA contiguity. */
    public static final String CONTIGUOUS = "contiguous";

    private Limits() {}
}
