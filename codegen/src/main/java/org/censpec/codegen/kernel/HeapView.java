package org.censpec.codegen.kernel;

/**
 * A heap node {@code /dev/dma_heap/<heapName>}: the generic one, one per share, then each share's
 * aliases ({@code org.censpec.model.semantics.HeapNames}).
 *
 * @param labelLiteral what the test control device calls it, as a C string: the spec or share name
 * @param heapName   the heap's name, e.g. {@code rpi4_camera-preview-contiguous}
 * @param nameMacro  uapi macro holding {@code heapName}
 * @param maskMacro  macro of the initial access mask of its buffers
 * @param generic    the heap of every allocator (not a share's)
 * @param last       last heap
 * @param maxLenExpr C expression of the largest buffer it allocates (a share's {@code max_size})
 * @param formerName its name before the naming convention ("" for an alias)
 * @param renamed    {@code formerName} differs from {@code heapName}: the udev rules link it
 * @param alias      a further name of a share's heap ({@code alias "NAME"})
 */
public record HeapView(
        String labelLiteral,
        String heapName,
        String nameMacro,
        String maskMacro,
        boolean generic,
        boolean last,
        String maxLenExpr,
        String formerName,
        boolean renamed,
        boolean alias) {}
