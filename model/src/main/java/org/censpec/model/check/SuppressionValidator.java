package org.censpec.model.check;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.censpec.model.Finding;
import org.censpec.model.Rule;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.Suppression;
import org.censpec.model.parse.Printable;
import org.censpec.model.rules.RuleCatalog;
import org.censpec.model.rules.SpecRules;

/** Suppressions: a suppressible id of the catalog, a reason, and an element that exists. */
final class SuppressionValidator implements Validator {
    @Override
    public void validate(Spec spec, List<Finding> out) {
        for (Suppression s : spec.suppressions()) {
            Optional<Rule> rule = RuleCatalog.byId(s.id());
            if (rule.isPresent() && rule.get().isSpecLevel()) {
                out.add(Finding.of(
                        SpecRules.INVALID_SUPPRESSION,
                        Subject.WHOLE,
                        s.loc(),
                        "spec.* errors cannot be suppressed (" + Printable.quote(s.id()) + ")"));
            } else if (rule.isEmpty() || !rule.get().suppressible()) {
                out.add(Finding.of(
                        SpecRules.INVALID_SUPPRESSION,
                        Subject.WHOLE,
                        s.loc(),
                        "unknown finding id "
                                + Printable.quote(s.id())
                                + DidYouMean.closest(s.id(), SpecValidator.SUPPRESSIBLE)
                                        .map(c -> " (did you mean '" + c + "'?)")
                                        .orElse("")
                                + "; suppressible ids: "
                                + String.join(", ", new TreeSet<>(SpecValidator.SUPPRESSIBLE))));
            }
            if (s.reason().isBlank()) {
                out.add(Finding.of(
                        SpecRules.INVALID_SUPPRESSION, Subject.WHOLE, s.loc(), "a suppression needs a reason"));
            }
            if (s.on().isPresent()) {
                String n = s.on().get().name();
                boolean known = spec.device(n).isPresent()
                        || spec.share(n).isPresent()
                        || spec.allocator(n).isPresent()
                        || spec.flow(n).isPresent();
                if (!known) {
                    java.util.Set<String> all = new java.util.HashSet<>();
                    all.addAll(ReferenceValidator.names(spec.devices()));
                    all.addAll(ReferenceValidator.names(spec.shares()));
                    all.addAll(ReferenceValidator.names(spec.allocators()));
                    all.addAll(ReferenceValidator.names(spec.flows()));
                    out.add(Finding.of(
                            SpecRules.UNDEFINED,
                            Subject.WHOLE,
                            s.on().get().loc(),
                            "suppression names "
                                    + Printable.quote(n) + ", which is no device, share, allocator or flow"
                                    + DidYouMean.closest(n, all)
                                            .map(c -> "; did you mean '" + c + "'?")
                                            .orElse("")));
                }
            }
        }
    }
}
