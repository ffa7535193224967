package org.censpec.verify.direct;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.verify.findings.FindingBuilder;

/**
 * device.unsatisfiable, share.empty-intersection, share.too-large, allocator.unused and
 * flow.never-maps by set arithmetic over the semantics core.
 */
final class StaticChecks {
    private final Spec spec;
    private final org.censpec.model.semantics.Acceptance acceptance;
    private final FindingBuilder builder;

    StaticChecks(Spec spec, org.censpec.model.semantics.Acceptance acceptance, FindingBuilder builder) {
        this.spec = spec;
        this.acceptance = acceptance;
        this.builder = builder;
    }

    List<Finding> run() {
        List<Finding> out = new ArrayList<>();
        for (Device d : spec.devices()) {
            if (acceptance.mask(d) == 0) {
                out.add(builder.deviceUnsatisfiable(d));
            }
        }
        for (Share s : spec.shares()) {
            long m = acceptance.shareMask(s);
            if (m == 0) {
                out.add(builder.shareEmpty(s));
            } else if (s.maxSize().isPresent()
                    && acceptance.largestCapacity(m) < s.maxSize().get()) {
                out.add(builder.shareTooLarge(s));
            }
        }
        for (Allocator a : spec.allocators()) {
            if (!acceptance.used(a)) {
                out.add(builder.allocatorUnused(a));
            }
        }
        for (Flow f : spec.flows()) {
            if (FindingBuilder.mapsNever(f)) {
                out.add(builder.neverMaps(f));
            }
        }
        return out;
    }
}
