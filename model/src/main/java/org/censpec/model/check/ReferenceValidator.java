package org.censpec.model.check;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Element;
import org.censpec.model.Finding;
import org.censpec.model.NameRef;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.parse.Printable;
import org.censpec.model.rules.SpecRules;

/** References: every property and device a declaration names is declared, and listed once. */
final class ReferenceValidator implements Validator {
    @Override
    public void validate(Spec spec, List<Finding> out) {
        Set<String> properties = names(spec.properties());
        Set<String> devices = names(spec.devices());
        for (Allocator a : spec.allocators()) {
            references(
                    a.provides(),
                    properties,
                    "property",
                    "allocator '" + a.name() + "' provides",
                    new Subject.Of(a),
                    out);
        }
        for (Device d : spec.devices()) {
            references(
                    d.requires(), properties, "property", "device '" + d.name() + "' requires", new Subject.Of(d), out);
            references(
                    d.forbids(), properties, "property", "device '" + d.name() + "' forbids", new Subject.Of(d), out);
        }
        for (Share s : spec.shares()) {
            references(s.devices(), devices, "device", "share '" + s.name() + "' lists", new Subject.Of(s), out);
        }
    }

    static Set<String> names(List<? extends Element> es) {
        return es.stream().map(Element::name).collect(Collectors.toSet());
    }

    private static void references(
            List<NameRef> refs, Set<String> declared, String kind, String context, Subject at, List<Finding> out) {
        Set<String> seen = new HashSet<>();
        for (NameRef r : refs) {
            if (!declared.contains(r.name())) {
                out.add(undefined(r, kind, declared, at));
            } else if (!seen.add(r.name())) {
                out.add(Finding.of(
                        SpecRules.DUPLICATE, at, r.loc(), context + " " + kind + " '" + r.name() + "' twice"));
            }
        }
    }

    static Finding undefined(NameRef r, String kind, Set<String> declared, Subject at) {
        return Finding.of(
                SpecRules.UNDEFINED,
                at,
                r.loc(),
                "undefined " + kind + " " + Printable.quote(r.name()) + DidYouMean.hint(r.name(), declared, kind));
    }
}
