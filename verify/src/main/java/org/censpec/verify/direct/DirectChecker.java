package org.censpec.verify.direct;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.verify.budget.WorkBudget;
import org.censpec.verify.budget.WorkMeter;
import org.censpec.verify.findings.FindingBuilder;

/**
 * The independent checker: plain set arithmetic for the static findings and an
 * explicit-state search over interleavings for flows. It decides which findings exist
 * without the Alloy model; {@link FindingBuilder} writes them, as for the Alloy engine. The
 * spec must be free of {@code spec.*} errors. Flows are searched in declaration order with
 * states drawn from the spec's {@link WorkMeter} (the searches for their traces and fixes are
 * charged too, once done); once it has run out, each flow left gets one {@code verify.budget}
 * finding instead of a verdict.
 */
public final class DirectChecker {
    /** Every finding, within the default {@link WorkBudget}. */
    public List<Finding> check(Spec spec) {
        return check(spec, WorkBudget.DEFAULT.start());
    }

    /** Every finding, with states and time from {@code meter}. */
    public List<Finding> check(Spec spec, WorkMeter meter) {
        Acceptance acceptance = new Acceptance(spec);
        FindingBuilder builder = new FindingBuilder(spec, acceptance, DirectFlowSearch.charging(meter));
        List<Finding> out = new ArrayList<>(new StaticChecks(spec, acceptance, builder).run());
        Flow previous = null;
        for (Flow f : spec.flows()) {
            out.addAll(flow(spec, acceptance, builder, f, previous, meter));
            previous = f;
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

    /**
     * The findings of one flow of {@code spec}, with states and time from {@code meter}; {@code previous}
     * is the flow checked before it (null: none), where time that ran out between them ran out.
     */
    public List<Finding> checkFlow(Spec spec, Flow flow, Flow previous, WorkMeter meter) {
        Acceptance acceptance = new Acceptance(spec);
        List<Finding> out = new ArrayList<>(flow(
                spec,
                acceptance,
                new FindingBuilder(spec, acceptance, DirectFlowSearch.INSTANCE),
                flow,
                previous,
                meter));
        out.sort(Finding.ORDER);
        return out;
    }

    /** The findings of one flow within the default {@link WorkBudget}. */
    public List<Finding> checkFlow(Spec spec, Flow flow) {
        return checkFlow(spec, flow, null, WorkBudget.DEFAULT.start());
    }

    /**
     * A flow's verdict, its state limit, or (the budget spent) its {@code verify.budget} finding;
     * time that ran out between flows ran out at {@code previous} (null: in the static checks).
     */
    private static List<Finding> flow(
            Spec spec, Acceptance acceptance, FindingBuilder builder, Flow f, Flow previous, WorkMeter meter) {
        if (meter.exhausted().isPresent()) {
            return List.of(meter.notChecked(f));
        }
        if (meter.timeUp()) {
            meter.exhaust(WorkMeter.Resource.TIME, previous);
            return List.of(meter.notChecked(f));
        }
        FlowExplorer e = new FlowExplorer(spec, acceptance, f).run(meter);
        if (e.stateLimit() != null) {
            return List.of(e.stateLimit());
        }
        if (e.outOfBudget()) {
            return List.of(meter.notChecked(f));
        }
        return builder.flow(f, e.keys());
    }
}
