package org.censpec.verify.direct;

import java.util.Map;
import java.util.Set;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.verify.findings.FlowKey;
import org.censpec.verify.findings.FlowSearch;
import org.censpec.verify.findings.FlowWitness;

/** The direct checker's searches, as the finding builder uses them (canonical witnesses, fix verification). */
public final class DirectFlowSearch implements FlowSearch {
    /** The one instance: the search keeps no state between calls. */
    public static final DirectFlowSearch INSTANCE = new DirectFlowSearch();

    private DirectFlowSearch() {}

    @Override
    public Map<FlowKey, FlowWitness> witnesses(Spec spec, Acceptance acceptance, Flow flow, Set<FlowKey> keys) {
        return Witnesses.find(spec, acceptance, flow, keys);
    }

    @Override
    public Set<FlowKey> findings(Spec spec, Acceptance acceptance, Flow flow) {
        FlowExplorer e = new FlowExplorer(spec, acceptance, flow).run();
        return e.stateLimit() != null ? Set.of() : e.keys();
    }
}
