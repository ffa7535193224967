package org.censpec.prove;

/** The direction of a streaming DMA mapping, as the DMA API and the DMA importer name it. */
public enum DmaDirection {
    BIDI("bidi", true, true),
    TO_DEVICE("to", false, true),
    FROM_DEVICE("from", true, false);

    private final String word;
    private final boolean deviceWrites;
    private final boolean deviceReads;

    DmaDirection(String word, boolean deviceWrites, boolean deviceReads) {
        this.word = word;
        this.deviceWrites = deviceWrites;
        this.deviceReads = deviceReads;
    }

    /** The word of the data plan ({@code map SLOT bidi|to|from}). */
    public String word() {
        return word;
    }

    /** The device may write memory through the mapping (from-device, bidirectional). */
    public boolean deviceWrites() {
        return deviceWrites;
    }

    /** The device may read memory through the mapping (to-device, bidirectional). */
    public boolean deviceReads() {
        return deviceReads;
    }
}
