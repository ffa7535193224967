package org.censpec.model.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.censpec.model.Finding;
import org.censpec.model.Rule;
import org.censpec.model.Spec;
import org.censpec.model.rules.SemanticRules;

/**
 * Spec-level checks on the typed model, one small {@link Validator} per concern: names,
 * heap names, references, limits, flows and suppressions. Runs in time linear in the spec.
 */
public final class SpecValidator {

    /** The finding ids a spec may suppress (every suppressible rule of the catalog). */
    public static final Set<String> SUPPRESSIBLE = suppressible();

    private static final List<Validator> VALIDATORS = List.of(
            new NameValidator(),
            new GeneratedNameValidator(),
            new HeapNameValidator(),
            new ReferenceValidator(),
            new LimitValidator(),
            new FlowValidator(),
            new SuppressionValidator());

    private SpecValidator() {}

    public static List<Finding> validate(Spec spec) {
        List<Finding> out = new ArrayList<>();
        for (Validator v : VALIDATORS) {
            v.validate(spec, out);
        }
        return List.copyOf(out);
    }

    private static Set<String> suppressible() {
        Set<String> out = new TreeSet<>();
        for (Rule r : SemanticRules.all()) {
            if (r.suppressible()) {
                out.add(r.id());
            }
        }
        return Set.copyOf(out);
    }
}
