package org.censpec.verify.direct;

import java.util.Map;
import java.util.Set;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.verify.findings.FlowKey;
import org.censpec.verify.findings.FlowSearch;
import org.censpec.verify.findings.FlowWitness;

/**
 * The direct checker's searches, as the finding builder uses them (canonical witnesses, fix verification).
 * They are never cut short by a spec's budget (a trace or a fix must not depend on it); the direct checker
 * charges the states they explored to its meter afterwards ({@link #charging}).
 */
public final class DirectFlowSearch implements FlowSearch {
    /** The instance that charges nothing: the search keeps no state between calls. */
    public static final DirectFlowSearch INSTANCE = new DirectFlowSearch(n -> {});

    private final java.util.function.LongConsumer charge;

    private DirectFlowSearch(java.util.function.LongConsumer charge) {
        this.charge = charge;
    }

    /** The same searches, each charging the states it explored to {@code meter} once it is done. */
    public static DirectFlowSearch charging(org.censpec.verify.budget.WorkMeter meter) {
        return new DirectFlowSearch(meter::spend);
    }

    @Override
    public Map<FlowKey, FlowWitness> witnesses(Spec spec, Acceptance acceptance, Flow flow, Set<FlowKey> keys) {
        return Witnesses.find(spec, acceptance, flow, keys, charge);
    }

    @Override
    public Set<FlowKey> findings(Spec spec, Acceptance acceptance, Flow flow) {
        FlowExplorer e = new FlowExplorer(spec, acceptance, flow).run();
        charge.accept(e.statesExplored());
        return e.stateLimit() != null ? Set.of() : e.keys();
    }
}
