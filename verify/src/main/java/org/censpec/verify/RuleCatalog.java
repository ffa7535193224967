package org.censpec.verify;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Rule;
import org.censpec.model.check.SpecRules;
import org.censpec.model.semantics.SemanticRules;

/**
 * Every rule censpec can report, in catalog order: the spec rules, the semantic rules and the
 * verification rules, each declared beside the code that emits it. The README's table and
 * SARIF's {@code tool.driver.rules} come from here.
 */
public final class RuleCatalog {
    private RuleCatalog() {
    }

    public static List<Rule> all() {
        List<Rule> out = new ArrayList<>(SpecRules.all());
        out.addAll(SemanticRules.all());
        out.addAll(VerifyRules.all());
        for (org.censpec.verify.observe.ObservedRule o : org.censpec.verify.observe.ObservedRule.values()) {
            out.add(o.rule());
        }
        out.sort(java.util.Comparator.comparingInt(RuleCatalog::order));
        return List.copyOf(out);
    }

    /** spec.* first, then suppression.unused (as in the README), then the rest in declaration order. */
    private static int order(Rule r) {
        return switch (r.kind()) {
            case SPEC -> 0;
            case VERIFY -> r == VerifyRules.SUPPRESSION_UNUSED || r == VerifyRules.SAME_SPEC_NAME ? 1 : 3;
            case SEMANTIC -> 2;
            case OBSERVED -> 4;
        };
    }

    /** The rule of an id; an id missing from the catalog gets a generic rule, never an exception. */
    public static Rule of(String id, org.censpec.model.Severity severity) {
        all();
        return Rule.byId(id).orElseGet(() -> new Rule(id, Rule.Kind.SEMANTIC, severity, false,
                "censpec finding " + id + ".", "censpec finding " + id + "."));
    }
}
