package org.censpec.model.check;

import java.util.List;
import org.censpec.model.Allocator;
import org.censpec.model.Finding;
import org.censpec.model.Share;
import org.censpec.model.Sizes;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.rules.SpecRules;
import org.censpec.model.semantics.Limits;

/**
 * Limits of the whole spec that the generators rely on (numbers inside one item are checked
 * where they are read): allocators per mask, devices per share, bounds inside RAM.
 */
final class LimitValidator implements Validator {
    @Override
    public void validate(Spec spec, List<Finding> out) {
        if (spec.allocators().size() > Limits.MAX_ALLOCATORS) {
            Allocator a = spec.allocators().get(Limits.MAX_ALLOCATORS);
            out.add(Finding.of(
                    SpecRules.RANGE,
                    new Subject.Of(a),
                    a.loc(),
                    "at most " + Limits.MAX_ALLOCATORS
                            + " allocators: each is one bit of the kernel's 32-bit constraint mask"));
        }
        for (Share s : spec.shares()) {
            if (s.devices().size() > Limits.MAX_SHARE_DEVICES) {
                out.add(Finding.of(
                        SpecRules.RANGE,
                        new Subject.Of(s),
                        s.devices().get(Limits.MAX_SHARE_DEVICES).loc(),
                        "a share has at most " + Limits.MAX_SHARE_DEVICES + " devices"));
            }
        }
        if (spec.ramBase() > 0) {
            for (Allocator a : spec.allocators()) {
                if (a.below() <= spec.ramBase()) {
                    out.add(Finding.of(
                            SpecRules.RANGE,
                            new Subject.Of(a),
                            a.loc(),
                            "allocator '" + a.name()
                                    + "' has below " + Sizes.format(a.below()) + ", at or under the start of RAM ("
                                    + Sizes.format(spec.ramBase()) + "): it holds no memory"));
                }
            }
        }
    }
}
