package org.censpec.model.check;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.censpec.model.Actor;
import org.censpec.model.Device;
import org.censpec.model.Element;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Literal;
import org.censpec.model.NameRef;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.Subject;
import org.censpec.model.parse.Printable;
import org.censpec.model.rules.SpecRules;
import org.censpec.model.semantics.Limits;

/**
 * Names: every declared name is a usable identifier, declared once, and does not differ only
 * in case from another of its kind (generated C constants are upper case); the spec name fits
 * the generated prefixes; a match string belongs to one device.
 */
final class NameValidator implements Validator {
    @Override
    public void validate(Spec spec, List<Finding> out) {
        ReservedNames.specNameProblem(spec.name())
                .ifPresent(p -> out.add(Finding.of(
                        SpecRules.INVALID_NAME,
                        Subject.WHOLE,
                        spec.loc(),
                        "spec name " + Printable.quote(spec.name()) + " " + p)));
        if (spec.name().length() > Limits.MAX_SPEC_NAME) {
            out.add(Finding.of(
                    SpecRules.INVALID_NAME,
                    Subject.WHOLE,
                    spec.loc(),
                    "spec name "
                            + Printable.quote(spec.name()) + " is longer than " + Limits.MAX_SPEC_NAME
                            + " characters; it prefixes every generated C symbol"));
        }
        declare(spec.properties(), "property", out);
        declare(spec.allocators(), "allocator", out);
        declare(spec.devices(), "device", out);
        declare(spec.shares(), "share", out);
        declare(spec.flows(), "flow", out);
        for (Flow f : spec.flows()) {
            declare(f.actors(), "actor in flow '" + f.name() + "'", out);
            for (Actor a : f.actors()) {
                Map<String, NameRef> own = new HashMap<>();
                for (Step s : a.steps()) {
                    if (s.label().isEmpty()) {
                        continue;
                    }
                    NameRef l = s.label().get();
                    Subject at = new Subject.StepOf(f, a, s);
                    name(l.name(), l.loc(), "label", at, out);
                    if (own.putIfAbsent(l.name(), l) != null) {
                        out.add(Finding.of(
                                SpecRules.DUPLICATE,
                                at,
                                l.loc(),
                                "label " + Printable.quote(l.name()) + " is used twice in actor '" + a.name() + "'"));
                    }
                }
            }
        }
        Map<String, Device> matched = new HashMap<>();
        for (Device d : spec.devices()) {
            for (Literal m : d.match()) {
                Device first = matched.putIfAbsent(m.value(), d);
                if (first != null) {
                    out.add(Finding.of(
                            SpecRules.DUPLICATE,
                            new Subject.Of(d),
                            m.loc(),
                            "match string "
                                    + Printable.quote(m.value())
                                    + (first == d
                                            ? " is given twice to device '" + d.name() + "'"
                                            : " is already given to device '" + first.name() + "' (line "
                                                    + first.loc().line()
                                                    + "); a real device is recognised as one spec device")));
                }
            }
        }
    }

    private static void declare(List<? extends Element> elements, String kind, List<Finding> out) {
        Map<String, Element> seen = new HashMap<>();
        Map<String, Element> folded = new HashMap<>();
        for (Element e : elements) {
            Subject at = new Subject.Of(e);
            name(e.name(), e.loc(), kind, at, out);
            Element first = seen.putIfAbsent(e.name(), e);
            if (first != null) {
                out.add(Finding.of(
                        SpecRules.DUPLICATE,
                        at,
                        e.loc(),
                        kind + " " + Printable.quote(e.name()) + " is already declared at line "
                                + first.loc().line()));
                continue;
            }
            Element sameCase = folded.putIfAbsent(e.name().toUpperCase(Locale.ROOT), e);
            if (sameCase != null && !(e instanceof Actor) && !(e instanceof Flow)) {
                out.add(Finding.of(
                        SpecRules.DUPLICATE,
                        at,
                        e.loc(),
                        kind + " " + Printable.quote(e.name())
                                + " differs only in case from " + Printable.quote(sameCase.name()) + " (line "
                                + sameCase.loc().line() + "); both become the same upper-case C constant"));
            }
        }
    }

    static void name(String name, SourceLocation loc, String kind, Subject at, List<Finding> out) {
        ReservedNames.problem(name)
                .ifPresent(p -> out.add(Finding.of(
                        SpecRules.INVALID_NAME, at, loc, kind + " name " + Printable.quote(name) + " " + p)));
    }
}
