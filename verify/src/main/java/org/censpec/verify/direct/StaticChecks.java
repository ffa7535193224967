package org.censpec.verify.direct;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Finding;
import org.censpec.model.NameRef;
import org.censpec.model.Share;
import org.censpec.model.Spec;

/** device.unsatisfiable, share.empty-intersection and allocator.unused by set arithmetic. */
final class StaticChecks {
    private final Spec spec;
    private final Acceptance acceptance;

    StaticChecks(Spec spec, Acceptance acceptance) {
        this.spec = spec;
        this.acceptance = acceptance;
    }

    List<Finding> run() {
        List<Finding> out = new ArrayList<>();
        for (Device d : spec.devices()) {
            if (acceptance.mask(d) == 0) {
                out.add(Finding.error("device.unsatisfiable", d.loc(),
                        "device '" + d.name() + "' accepts no allocator" + rejections(d)));
            }
        }
        for (Share s : spec.shares()) {
            if (acceptance.shareMask(s) == 0) {
                out.add(Finding.error("share.empty-intersection", s.loc(), "no allocator is accepted by every device of share '"
                        + s.name() + "' (" + masks(s) + ")"));
            }
        }
        for (Allocator a : spec.allocators()) {
            if (!used(a)) {
                out.add(Finding.warning("allocator.unused", a.loc(), "allocator '" + a.name()
                        + "' is never selected: " + unusedReason(a)));
            }
        }
        return out;
    }

    /**
     * Used iff for some share, the devices of the share that accept {@code a} are a
     * non-empty set whose intersection has {@code a} as its top: the largest such set
     * excludes the most higher-priority allocators, so it is the only one to try.
     */
    private boolean used(Allocator a) {
        long bit = 1L << a.priority();
        for (Share s : spec.shares()) {
            long m = acceptance.all();
            boolean any = false;
            for (NameRef r : s.devices()) {
                long dm = acceptance.mask(spec.device(r.name()).orElseThrow());
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

    private String unusedReason(Allocator a) {
        boolean accepted = spec.devices().stream().anyMatch(d -> Acceptance.accepts(d, a));
        if (!accepted) {
            return "no device accepts it";
        }
        return "every device set a share allows that accepts it prefers a higher-priority allocator";
    }

    private String masks(Share s) {
        List<String> parts = new ArrayList<>();
        for (NameRef r : s.devices()) {
            Device d = spec.device(r.name()).orElseThrow();
            parts.add(d.name() + " accepts " + acceptance.describe(acceptance.mask(d)));
        }
        return String.join("; ", parts);
    }

    private String rejections(Device d) {
        List<String> parts = new ArrayList<>();
        for (Allocator a : spec.allocators()) {
            parts.add(a.name() + ": " + String.join(", ", Acceptance.reasons(d, a)));
        }
        return parts.isEmpty() ? " (the spec declares no allocator)" : " (" + String.join("; ", parts) + ")";
    }
}
