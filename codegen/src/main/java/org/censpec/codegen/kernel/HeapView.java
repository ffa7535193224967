package org.censpec.codegen.kernel;

/**
 * A heap node {@code /dev/dma_heap/<heapName>}: the generic one, or one per share.
 *
 * @param labelLiteral what the test control device calls it, as a C string: the spec or share name
 * @param heapName  the heap's name, e.g. {@code rpi4_camera-preview}
 * @param nameMacro uapi macro holding {@code heapName}
 * @param maskMacro macro of the initial access mask of its buffers
 * @param generic   the heap of every allocator (not a share's)
 * @param last      last heap
 * @param maxLenExpr C expression of the largest buffer it allocates (a share's {@code max_size})
 */
public record HeapView(
        String labelLiteral,
        String heapName,
        String nameMacro,
        String maskMacro,
        boolean generic,
        boolean last,
        String maxLenExpr) {
}
