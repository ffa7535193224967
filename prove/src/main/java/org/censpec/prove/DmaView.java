package org.censpec.prove;

import java.util.List;
import java.util.Optional;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;
import org.censpec.model.Device;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.tools.dt.BoardTree;

/**
 * A device as the DMA API describes it to the runtime, and the runtime's judgement of it
 * (kernel-runtime/cen_core.c, "Reach of a device"): its DMA limit (the smaller of its DMA mask
 * and bus limit, 0 without a mask), its {@code dma_range_map} (the devicetree's composed
 * {@code dma-ranges}; empty when none applies) and whether an IOMMU maps it.
 */
public record DmaView(long limit, Optional<List<BoardTree.DmaWindow>> windows, boolean iommu) {
    /** A device of {@code bits}-bit DMA mask behind no bus window and no IOMMU. */
    public static DmaView mask(int bits) {
        return new DmaView(bitMask(bits), Optional.empty(), false);
    }

    /** DMA_BIT_MASK(bits). */
    public static long bitMask(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }

    /** The highest device address the windows put on the bus (bus_dma_limit), or 0 without windows. */
    public static long busLimit(List<BoardTree.DmaWindow> windows) {
        long max = 0;
        for (BoardTree.DmaWindow w : windows) {
            long last = w.bus() + w.length() - 1;
            max = Long.compareUnsigned(last, max) > 0 ? last : max;
        }
        return max;
    }

    /** cen_dev_reaches: every byte of physical [start, last] reachable without bouncing. */
    public boolean reaches(long start, long last) {
        if (windows.isEmpty()) {
            return Long.compareUnsigned(last, limit) <= 0;
        }
        long covered = 0;
        for (BoardTree.DmaWindow r : windows.get()) {
            long rLast = r.phys() + r.length() - 1;
            long lo = Long.compareUnsigned(start, r.phys()) > 0 ? start : r.phys();
            long hi = Long.compareUnsigned(last, rLast) < 0 ? last : rLast;
            if (Long.compareUnsigned(lo, hi) > 0) {
                continue;
            }
            if (Long.compareUnsigned(hi - r.phys() + r.bus(), limit) > 0) {
                return false;
            }
            covered += hi - lo + 1;
        }
        return covered == last - start + 1;
    }

    /** cen_alloc_last: the last byte an allocator may hand out. */
    public static long lastByte(Allocator a) {
        long below = a.below();
        if (a.backend() == Backend.PAGES_DMA32 && Long.compareUnsigned(below, 1L << 32) > 0) {
            below = 1L << 32;
        }
        return below - 1;
    }

    /**
     * cen_derived_mask: a device the spec does not name gets the CPU-accessible allocators whose
     * whole range [ram base, below) it reaches (any of them behind an IOMMU).
     */
    public long derivedMask(Spec spec) {
        long m = 0;
        for (Allocator a : spec.allocators()) {
            if (!a.protectedMemory() && (iommu || reaches(spec.ramBase(), lastByte(a)))) {
                m |= 1L << a.priority();
            }
        }
        return m;
    }

    /** cen_keeps_promise: whether this device, matched as spec device {@code d}, reaches what the spec promised. */
    public boolean keepsPromise(Spec spec, Device d) {
        long want = bitMask(d.dmaBits());
        if (d.iommu()) {
            return Long.compareUnsigned(limit, want) >= 0;
        }
        long last = Long.compareUnsigned(want, spec.ramEnd() - 1) < 0 ? want : spec.ramEnd() - 1;
        return reaches(spec.ramBase(), last);
    }

    /** cen_device_mask of a matched device: the spec's mask when it keeps the promise, else 0. */
    public long matchedMask(Spec spec, Device d) {
        return keepsPromise(spec, d) ? new Acceptance(spec).mask(d) : 0;
    }
}
