package org.censpec.model.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.Subject;
import org.censpec.model.WaitStep;
import org.censpec.model.parse.Printable;
import org.censpec.model.rules.SpecRules;

/** Flows: the share exists, steps use devices of it, waits name another actor's label. */
final class FlowValidator implements Validator {
    @Override
    public void validate(Spec spec, List<Finding> out) {
        Set<String> devices = ReferenceValidator.names(spec.devices());
        Set<String> shares = ReferenceValidator.names(spec.shares());
        for (Flow f : spec.flows()) {
            Share share = spec.share(f.share().name()).orElse(null);
            if (share == null) {
                out.add(ReferenceValidator.undefined(f.share(), "share", shares, new Subject.Of(f)));
            }
            Set<String> members = new HashSet<>();
            if (share != null) {
                share.devices().forEach(d -> members.add(d.name()));
            }
            Map<String, Set<String>> labels = new HashMap<>();
            for (Actor a : f.actors()) {
                Set<String> own = new HashSet<>();
                a.steps().forEach(s -> s.label().ifPresent(l -> own.add(l.name())));
                labels.putIfAbsent(a.name(), own);
            }
            for (Actor a : f.actors()) {
                for (Step s : a.steps()) {
                    Subject at = new Subject.StepOf(f, a, s);
                    if (s instanceof DeviceStep d) {
                        String dev = d.device().name();
                        if (!devices.contains(dev)) {
                            out.add(ReferenceValidator.undefined(
                                    d.device(), "device", members.isEmpty() ? devices : members, at));
                        } else if (share != null && !members.contains(dev)) {
                            out.add(Finding.of(
                                    SpecRules.NOT_IN_SHARE,
                                    at,
                                    d.device().loc(),
                                    "device '" + dev
                                            + "' is not in share '" + share.name() + "' of flow '" + f.name()
                                            + "' (its devices: "
                                            + String.join(
                                                    ", ",
                                                    share.devices().stream()
                                                            .map(r -> r.name())
                                                            .toList()) + ")"));
                        }
                    } else if (s instanceof WaitStep w) {
                        wait(w, a, labels, at, out);
                    }
                }
            }
        }
    }

    private static void wait(WaitStep w, Actor self, Map<String, Set<String>> labels, Subject at, List<Finding> out) {
        String actor = w.actor().name();
        if (actor.equals(self.name())) {
            out.add(Finding.of(
                    SpecRules.INVALID_WAIT,
                    at,
                    w.actor().loc(),
                    "actor '" + actor + "' waits on itself; a wait names another actor of the flow"));
        } else if (!labels.containsKey(actor)) {
            Set<String> others = new HashSet<>(labels.keySet());
            others.remove(self.name());
            out.add(ReferenceValidator.undefined(w.actor(), "actor", others, at));
        } else if (!labels.get(actor).contains(w.target().name())) {
            Set<String> valid = labels.get(actor);
            String hint = DidYouMean.closest(w.target().name(), valid)
                    .map(c -> "; did you mean '" + c + "'?")
                    .orElse(
                            valid.isEmpty()
                                    ? "; it labels no step (write 'LABEL: step;')"
                                    : "; its labels: " + String.join(", ", new java.util.TreeSet<>(valid)));
            out.add(Finding.of(
                    SpecRules.UNDEFINED,
                    at,
                    w.target().loc(),
                    "actor '" + actor + "' has no step labelled "
                            + Printable.quote(w.target().name()) + hint));
        }
    }
}
