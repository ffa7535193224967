package org.censpec.model.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.censpec.model.Rule;

/**
 * Every rule censpec can report, in catalog order (by {@link Rule.Kind}, then as declared): the
 * spec rules, the rules about the run, the semantic rules, the verification rules and the rules
 * of replay. The README's table, SARIF's {@code tool.driver.rules} and suppression validation
 * come from here.
 */
public final class RuleCatalog {
    private static final List<Rule> ALL = catalog();
    private static final Map<String, Rule> BY_ID =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Rule::id, Function.identity()));

    private RuleCatalog() {}

    /** Every rule, in catalog order. */
    public static List<Rule> all() {
        return ALL;
    }

    /** The rule of {@code id}, if censpec has one. */
    public static Optional<Rule> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    private static List<Rule> catalog() {
        List<Rule> out = new ArrayList<>(SpecRules.all());
        out.addAll(SemanticRules.all());
        out.addAll(BoardRules.all());
        out.addAll(VerifyRules.all());
        for (ObservedRule o : ObservedRule.values()) {
            out.add(o.rule());
        }
        out.sort(Comparator.comparing(Rule::kind));
        return List.copyOf(out);
    }
}
