package org.censpec.verify.direct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.NameRef;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.Sizes;

/**
 * The accepts relation of the contract, by plain set arithmetic: bit i of a device's mask
 * is set when the device accepts the allocator declared i-th.
 */
public final class Acceptance {
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

    /** Why {@code d} rejects {@code a}, or an empty list when it accepts it. */
    public static List<String> reasons(Device d, Allocator a) {
        List<String> why = new ArrayList<>();
        for (NameRef p : d.requires()) {
            if (!a.provides(p.name())) {
                why.add("does not provide " + p.name());
            }
        }
        for (NameRef p : d.forbids()) {
            if (a.provides(p.name())) {
                why.add("provides forbidden " + p.name());
            }
        }
        if (!d.reachesBelow(a.below())) {
            why.add("below " + Sizes.format(a.below()) + " is beyond " + d.dmaBits() + "-bit reach");
        }
        if (a.align() < d.align()) {
            why.add("align " + Sizes.format(a.align()) + " is less than the " + Sizes.format(d.align()) + " needed");
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
            m &= masks.get(r.name());
        }
        return m;
    }

    /** Mask with every allocator of the spec. */
    public long all() {
        int n = spec.allocators().size();
        return n == 64 ? -1L : (1L << n) - 1;
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

    /** The highest-priority allocator of a non-empty mask. */
    public Allocator top(long mask) {
        return spec.allocators().get(Long.numberOfTrailingZeros(mask));
    }
}
