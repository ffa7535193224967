package org.censpec.verify.direct;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.verify.VerifyRules;
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
        FindingBuilder builder = new FindingBuilder(spec, acceptance);
        List<Finding> out = new ArrayList<>(new StaticChecks(spec, acceptance, builder).run());
        for (Flow f : spec.flows()) {
            List<Finding> raw = new FlowExplorer(spec, acceptance, f).run();
            List<Finding> limits = raw.stream().filter(x -> x.id().equals(VerifyRules.STATE_LIMIT.id())).toList();
            if (!limits.isEmpty()) {
                out.addAll(limits.stream().map(x -> Finding.of(VerifyRules.STATE_LIMIT, new Subject.Of(f), x.loc(),
                        x.message())).toList());
            } else {
                out.addAll(builder.flow(f, keys(raw)));
            }
        }
        out.sort(Finding.ORDER);
        return out;
    }

    /** The finding keys of one flow ({@link Witnesses#key}); empty when the flow is too large to search. */
    public static Set<String> flowKeys(Spec spec, org.censpec.model.semantics.Acceptance acceptance, Flow flow) {
        List<Finding> raw = new FlowExplorer(spec, acceptance, flow).run();
        return raw.stream().anyMatch(x -> x.id().equals(VerifyRules.STATE_LIMIT.id())) ? Set.of() : keys(raw);
    }

    /** The explorer's findings as keys: which (id, step) exist; their words are FindingBuilder's. */
    private static Set<String> keys(List<Finding> raw) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Finding x : raw) {
            out.add(x.id().equals(Witnesses.DEADLOCK) ? Witnesses.DEADLOCK : x.id() + "@" + x.loc());
        }
        return out;
    }
}
