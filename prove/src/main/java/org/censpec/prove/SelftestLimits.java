package org.censpec.prove;

import java.util.LinkedHashMap;
import java.util.Map;
import org.censpec.codegen.emit.Identifiers;
import org.censpec.model.semantics.HeapNames;

/**
 * The heaps the kernel's heap selftest cannot pass on by design, from the prediction: its
 * "buffers are zeroed" checks keep {@value #LIVE} buffers of 4 KiB, then of 1 MiB, mapped at
 * once, and its other checks allocate 1 MiB. A heap whose allocators cannot hold that many here
 * (a 16 MiB region with 4 MiB alignment holds 4), or whose share's {@code max_size} is below
 * 1 MiB, must refuse them (ENOMEM at the mmap that backs the buffer, EINVAL at the allocation):
 * the selftest would report the module right as failing. prove keeps such heaps from the
 * selftest as it keeps protected ones (guest/upstream.sh) and says why under what was not
 * proven; the ABI test still runs on them with the prediction's limits.
 */
final class SelftestLimits {
    /** Buffers the selftest's zeroed checks keep backed at once. */
    static final int LIVE = 32;

    static final long ONE_MEG = 1L << 20;

    private SelftestLimits() {}

    /** Heap node name to why the selftest cannot run there; protected heaps are not here (the guest hides those). */
    static Map<String, String> of(Prediction p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (HeapNames.Heap heap : HeapNames.of(p.spec())) {
            String node = Identifiers.heapName(heap.name());
            if (heap.mask() == 0) {
                out.put(node, "its share accepts no allocator (a broken spec's): it backs no buffer, ENOMEM at mmap");
                continue;
            }
            if (p.abiExpectation(heap.mask()).equals("protected")) {
                continue;
            }
            long max = heap.share().map(p::heapMax).orElse(Prediction.MAX_LEN);
            if (max < ONE_MEG) {
                out.put(
                        node,
                        "its share's max_size " + Sizes.human(max) + " is less than the selftest's 1 MiB buffers");
                continue;
            }
            for (long len : new long[] {Prediction.PAGE, ONE_MEG}) {
                long live = p.liveBuffers(heap.mask(), len);
                if (live < LIVE) {
                    out.put(
                            node,
                            "its allocators hold at most " + live + " buffers of " + Sizes.human(len)
                                    + " at once here (each at least its allocator's align), the selftest keeps " + LIVE
                                    + " mapped: the module refuses the rest with ENOMEM, as it must");
                    break;
                }
            }
        }
        return out;
    }
}
