package org.censpec.verify.findings;

import org.censpec.model.Rule;
import org.censpec.model.SourceLocation;
import org.censpec.model.Step;
import org.censpec.model.rules.SemanticRules;

/**
 * What a flow finding is, as an engine decides that it exists: its rule and the step it is
 * at, or a deadlock of the flow ({@link #DEADLOCK}, at no step). Both engines name their flow
 * findings so; {@link FindingBuilder} writes them (message, canonical trace, fix).
 */
public record FlowKey(Rule rule, SourceLocation at) {
    /** The flow can deadlock. */
    public static final FlowKey DEADLOCK = new FlowKey(SemanticRules.DEADLOCK, null);

    /** The finding of {@code rule} at {@code step}. */
    public static FlowKey of(Rule rule, Step step) {
        return new FlowKey(rule, step.loc());
    }

    public boolean isDeadlock() {
        return at == null;
    }

    @Override
    public String toString() {
        return isDeadlock() ? rule.id() : rule.id() + "@" + at;
    }
}
