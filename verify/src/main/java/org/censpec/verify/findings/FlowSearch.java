package org.censpec.verify.findings;

import java.util.Map;
import java.util.Set;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;

/**
 * The search over a flow's executions that {@link FindingBuilder} needs: the canonical
 * witness of each finding (docs/semantics.md, "Traces") and the findings of a changed flow
 * (to verify a fix before offering it). The direct checker provides it; the builder knows it
 * only through this interface, so the engines depend on the builder, never the reverse.
 */
public interface FlowSearch {
    /** The canonical witness of each of {@code keys} that the flow has, by key. */
    Map<FlowKey, FlowWitness> witnesses(Spec spec, Acceptance acceptance, Flow flow, Set<FlowKey> keys);

    /** Every finding of the flow; empty when the flow is too large to search. */
    Set<FlowKey> findings(Spec spec, Acceptance acceptance, Flow flow);
}
