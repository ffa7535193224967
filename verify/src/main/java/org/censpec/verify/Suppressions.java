package org.censpec.verify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Element;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.Suppression;
import org.censpec.model.rules.VerifyRules;

/**
 * Applies a spec's {@code suppress} declarations in Smithy's manner: a matching finding is
 * kept, marked suppressed with the reason, and no longer fails the check. A finding two
 * suppressions match carries the first one's reason (declaration order, includes spliced in
 * place). A suppression that suppresses nothing is itself a warning ({@code suppression.unused}):
 * it matches no finding, or every finding it matches is already taken by an earlier one.
 */
final class Suppressions {
    private Suppressions() {}

    /**
     * @param complete whether the semantic checks ran to the end; after a timeout or a state
     *                 limit an unmatched suppression may still be needed, so it is not reported
     */
    static List<Finding> apply(Spec spec, List<Finding> semantic, List<Finding> earlier, boolean complete) {
        List<Finding> out = new ArrayList<>(earlier);
        Set<Suppression> used = new LinkedHashSet<>();
        for (Finding f : semantic) {
            Optional<Suppression> match =
                    spec.suppressions().stream().filter(s -> matches(s, f)).findFirst();
            match.ifPresent(used::add);
            out.add(match.map(s -> f.suppressed(s.reason())).orElse(f));
        }
        for (Suppression s : spec.suppressions()) {
            if (complete && !used.contains(s)) {
                out.add(Finding.of(
                        VerifyRules.SUPPRESSION_UNUSED,
                        Subject.WHOLE,
                        s.loc(),
                        "suppression of " + s.id()
                                + s.on().map(n -> " on " + n.name()).orElse("") + unusedBecause(spec, s, semantic)
                                + "; remove it"));
            }
        }
        return out;
    }

    /** Why a suppression took no finding: none matches, or an earlier suppression took each one. */
    private static String unusedBecause(Spec spec, Suppression unused, List<Finding> semantic) {
        for (Finding f : semantic) {
            if (matches(unused, f)) {
                Suppression first = spec.suppressions().stream()
                        .filter(s -> matches(s, f))
                        .findFirst()
                        .orElseThrow();
                return " suppresses nothing: every finding it matches is already suppressed by an earlier one (at "
                        + first.loc() + ")";
            }
        }
        return " matches no finding";
    }

    private static boolean matches(Suppression s, Finding f) {
        if (!s.id().equals(f.id())) {
            return false;
        }
        if (s.on().isEmpty()) {
            return true;
        }
        return f.subject()
                .declared()
                .map(Element::name)
                .filter(n -> n.equals(s.on().get().name()))
                .isPresent();
    }
}
