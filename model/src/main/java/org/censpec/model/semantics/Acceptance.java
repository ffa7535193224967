package org.censpec.model.semantics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.NameRef;
import org.censpec.model.Share;
import org.censpec.model.Sizes;
import org.censpec.model.Spec;

/**
 * The accepts relation of the language (docs/semantics.md), defined once: which allocators
 * a device accepts and, when it does not, why; the constraint masks (bit i = the allocator
 * declared i-th), their intersections over shares, priorities and allocator capacities.
 * The direct checker, the Alloy encoder (which states this relation as facts), the kernel
 * and Java generators and the reports all use this class.
 */
public class Acceptance {
    private final Spec spec;
    private final Map<String, Long> masks = new HashMap<>();

    public Acceptance(Spec spec) {
        this.spec = spec;
        for (Device d : spec.devices()) {
            long m = 0;
            for (Allocator a : spec.allocators()) {
                if (accepts(d, a)) {
                    m |= 1L << a.priority();
                }
            }
            masks.putIfAbsent(d.name(), m);
        }
    }

    public Spec spec() {
        return spec;
    }

    /**
     * Why {@code d} rejects {@code a}, one phrase per unmet condition, or an empty list when it
     * accepts it. A device behind an IOMMU has no physical reach limit and gets contiguity
     * from the IOMMU; protected memory goes only to {@code protected} devices.
     */
    public static List<String> reasons(Device d, Allocator a) {
        List<String> why = new ArrayList<>();
        for (NameRef p : d.requires()) {
            if (!a.provides(p.name()) && !(d.iommu() && p.name().equals(Limits.CONTIGUOUS))) {
                why.add("does not provide " + p.name());
            }
        }
        for (NameRef p : d.forbids()) {
            if (a.provides(p.name())) {
                why.add("provides forbidden " + p.name());
            }
        }
        if (!d.iommu() && !d.reachesBelow(a.below())) {
            why.add("below " + Sizes.format(a.below()) + " is beyond " + d.dmaBits() + "-bit reach");
        }
        if (a.align() < d.align()) {
            why.add("align " + Sizes.format(a.align()) + " is less than the " + Sizes.format(d.align()) + " needed");
        }
        if (a.protectedMemory() && !d.accessesProtected()) {
            why.add("is protected memory and the device is not protected");
        }
        return why;
    }

    public static boolean accepts(Device d, Allocator a) {
        return reasons(d, a).isEmpty();
    }

    /** The device's constraint mask over the spec's allocators (computed once per spec). */
    public long mask(Device d) {
        return masks.get(d.name());
    }

    /** The intersection of the masks of a share's devices: what every device of it accepts. */
    public long shareMask(Share share) {
        long m = all();
        for (NameRef r : share.devices()) {
            m &= masks.getOrDefault(r.name(), 0L);
        }
        return m;
    }

    /** Mask with every allocator of the spec. */
    public long all() {
        int n = spec.allocators().size();
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    /** Allocator names of a mask, in priority order. */
    public List<String> names(long mask) {
        List<String> out = new ArrayList<>();
        for (Allocator a : spec.allocators()) {
            if ((mask & (1L << a.priority())) != 0) {
                out.add(a.name());
            }
        }
        return out;
    }

    /** A mask as a driver author reads it: {@code {cma_low, dma32}}. */
    public String describe(long mask) {
        return "{" + String.join(", ", names(mask)) + "}";
    }

    /** The highest-priority allocator of a non-empty mask (allocation tries it first). */
    public Allocator top(long mask) {
        return spec.allocators().get(Long.numberOfTrailingZeros(mask));
    }

    /**
     * The bytes an allocator can hand out: its {@code size} when the spec gives one, else the
     * RAM below its {@code below} bound.
     */
    public long capacity(Allocator a) {
        if (a.size().isPresent()) {
            return a.size().get();
        }
        long end = Math.min(a.below(), spec.ramEnd());
        return Math.max(0, end - spec.ramBase());
    }

    /** The largest capacity among the allocators of {@code mask}, 0 for an empty mask. */
    public long largestCapacity(long mask) {
        long best = 0;
        for (Allocator a : spec.allocators()) {
            if ((mask & (1L << a.priority())) != 0) {
                best = Math.max(best, capacity(a));
            }
        }
        return best;
    }

    /**
     * Whether some share's buffers can come from {@code a} (docs/semantics.md, allocator.unused):
     * for some share, the devices that accept {@code a} are a non-empty set whose intersection
     * has {@code a} as its top. The largest such set excludes the most higher-priority
     * allocators, so it is the only one to try.
     */
    public boolean used(Allocator a) {
        long bit = 1L << a.priority();
        for (Share s : spec.shares()) {
            long m = all();
            boolean any = false;
            for (NameRef r : s.devices()) {
                long dm = masks.getOrDefault(r.name(), 0L);
                if ((dm & bit) != 0) {
                    any = true;
                    m &= dm;
                }
            }
            if (any && Long.numberOfTrailingZeros(m) == a.priority()) {
                return true;
            }
        }
        return false;
    }

    /** The devices that accept {@code a}, in declaration order. */
    public List<Device> acceptedBy(Allocator a) {
        return spec.devices().stream()
                .filter(d -> (mask(d) & (1L << a.priority())) != 0)
                .toList();
    }
}
