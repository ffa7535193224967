package org.censpec.verify.direct;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;

/**
 * The independent checker: plain set arithmetic for the static findings and an
 * explicit-state search over interleavings for flows. It shares nothing with the Alloy
 * path but the parsed model. The spec must be free of {@code spec.*} errors.
 */
public final class DirectChecker {
    public List<Finding> check(Spec spec) {
        Acceptance acceptance = new Acceptance(spec);
        List<Finding> out = new ArrayList<>(new StaticChecks(spec, acceptance).run());
        for (Flow f : spec.flows()) {
            out.addAll(new FlowExplorer(spec, acceptance, f).run());
        }
        out.sort(Finding.ORDER);
        return out;
    }

    /** The device, share and allocator findings only. */
    public List<Finding> checkStatic(Spec spec) {
        List<Finding> out = new ArrayList<>(new StaticChecks(spec, new Acceptance(spec)).run());
        out.sort(Finding.ORDER);
        return out;
    }

    /** The findings of one flow of {@code spec}. */
    public List<Finding> checkFlow(Spec spec, Flow flow) {
        List<Finding> out = new ArrayList<>(new FlowExplorer(spec, new Acceptance(spec), flow).run());
        out.sort(Finding.ORDER);
        return out;
    }
}
