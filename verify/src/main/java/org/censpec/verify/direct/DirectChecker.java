package org.censpec.verify.direct;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.verify.findings.FindingBuilder;

/**
 * The independent checker: plain set arithmetic for the static findings and an
 * explicit-state search over interleavings for flows. It decides which findings exist
 * without the Alloy model; {@link FindingBuilder} writes them, as for the Alloy engine. The
 * spec must be free of {@code spec.*} errors.
 */
public final class DirectChecker {
    public List<Finding> check(Spec spec) {
        Acceptance acceptance = new Acceptance(spec);
        FindingBuilder builder = new FindingBuilder(spec, acceptance, DirectFlowSearch.INSTANCE);
        List<Finding> out = new ArrayList<>(new StaticChecks(spec, acceptance, builder).run());
        for (Flow f : spec.flows()) {
            FlowExplorer e = new FlowExplorer(spec, acceptance, f).run();
            if (e.stateLimit() != null) {
                out.add(e.stateLimit());
            } else {
                out.addAll(builder.flow(f, e.keys()));
            }
        }
        out.sort(Finding.ORDER);
        return out;
    }

    /** The device, share and allocator findings only. */
    public List<Finding> checkStatic(Spec spec) {
        Acceptance acceptance = new Acceptance(spec);
        List<Finding> out = new ArrayList<>(
                new StaticChecks(spec, acceptance, new FindingBuilder(spec, acceptance, DirectFlowSearch.INSTANCE))
                        .run());
        out.sort(Finding.ORDER);
        return out;
    }

    /** The findings of one flow of {@code spec}. */
    public List<Finding> checkFlow(Spec spec, Flow flow) {
        Acceptance acceptance = new Acceptance(spec);
        FlowExplorer e = new FlowExplorer(spec, acceptance, flow).run();
        List<Finding> out = new ArrayList<>(
                e.stateLimit() != null
                        ? List.of(e.stateLimit())
                        : new FindingBuilder(spec, acceptance, DirectFlowSearch.INSTANCE).flow(flow, e.keys()));
        out.sort(Finding.ORDER);
        return out;
    }
}
