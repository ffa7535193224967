// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

/**
 * Something with a heap under {@code /dev/dma_heap/}: a generated {@code Share} constant (the
 * share's heap, whose buffers start with the share's access mask) or the generated
 * {@code Share.GENERIC} name of the whole spec's heap.
 */
public interface HeapName {
    /** The heap's name under {@code /dev/dma_heap/}. */
    String heapName();
}
