package org.censpec.model.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Element;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.Suppression;
import org.censpec.model.WaitStep;
import org.censpec.model.parse.Printable;

/**
 * Spec-level checks on the typed model: names that are invalid, declared twice or
 * undefined; flow steps on devices outside the flow's share; waits on unknown or own
 * actors and labels. Runs in time linear in the spec.
 */
public final class SpecValidator {
    /** Devices per share: one bit each in the checkers' 64-bit sets. */
    public static final int MAX_BITS = 64;
    /** Allocators per spec: one bit each in the kernel's 32-bit masks (as in the RFC). */
    public static final int MAX_ALLOCATORS = 32;
    /** The spec name prefixes every generated C symbol and must keep lines within 100 columns. */
    public static final int MAX_SPEC_NAME = 20;

    private final List<Finding> findings = new ArrayList<>();

    public static List<Finding> validate(Spec spec) {
        SpecValidator v = new SpecValidator();
        v.run(spec);
        return List.copyOf(v.findings);
    }

    private void run(Spec spec) {
        checkName(spec.name(), spec.loc(), "spec");
        Set<String> properties = declare(spec.properties(), "property");
        declare(spec.allocators(), "allocator");
        Map<String, Device> devices = index(spec.devices());
        declare(spec.devices(), "device");
        Map<String, Share> shares = index(spec.shares());
        declare(spec.shares(), "share");
        declare(spec.flows(), "flow");
        if (spec.allocators().size() > MAX_ALLOCATORS) {
            findings.add(Finding.error("spec.range", spec.allocators().get(MAX_ALLOCATORS).loc(), "at most " + MAX_ALLOCATORS
                    + " allocators: each is one bit of the kernel's 32-bit constraint mask"));
        }
        if (spec.name().length() > MAX_SPEC_NAME) {
            findings.add(Finding.error("spec.invalid-name", spec.loc(), "spec name " + Printable.quote(spec.name())
                    + " is longer than " + MAX_SPEC_NAME + " characters; it prefixes every generated C symbol"));
        }
        for (Allocator a : spec.allocators()) {
            references(a.provides(), properties, "property", "allocator '" + a.name() + "' provides");
        }
        for (Device d : spec.devices()) {
            references(d.requires(), properties, "property", "device '" + d.name() + "' requires");
            references(d.forbids(), properties, "property", "device '" + d.name() + "' forbids");
        }
        for (Share s : spec.shares()) {
            references(s.devices(), devices.keySet(), "device", "share '" + s.name() + "' lists");
            if (s.devices().size() > MAX_BITS) {
                findings.add(Finding.error("spec.range", s.devices().get(MAX_BITS).loc(), "a share has at most "
                        + MAX_BITS + " devices"));
            }
        }
        for (Flow f : spec.flows()) {
            flow(f, shares, devices);
        }
        for (Suppression s : spec.suppressions()) {
            suppression(s, spec);
        }
    }

    /** The finding ids a spec may suppress: everything but the spec.* errors. */
    public static final Set<String> SUPPRESSIBLE = Set.of("device.unsatisfiable", "share.empty-intersection",
            "allocator.unused", "flow.attach-rejected", "flow.late-attach", "flow.attach-after-map",
            "flow.map-before-attach", "flow.unbalanced", "flow.deadlock");

    private void suppression(Suppression s, Spec spec) {
        if (s.id().startsWith("spec.")) {
            findings.add(Finding.error("spec.invalid-suppression", s.loc(), "spec.* errors cannot be suppressed ("
                    + Printable.quote(s.id()) + ")"));
        } else if (!SUPPRESSIBLE.contains(s.id())) {
            findings.add(Finding.error("spec.invalid-suppression", s.loc(), "unknown finding id "
                    + Printable.quote(s.id()) + "; suppressible ids: " + String.join(", ", new java.util.TreeSet<>(SUPPRESSIBLE))));
        }
        if (s.reason().isBlank()) {
            findings.add(Finding.error("spec.invalid-suppression", s.loc(), "a suppression needs a reason"));
        }
        if (s.on().isPresent()) {
            String n = s.on().get().name();
            boolean known = spec.device(n).isPresent() || spec.share(n).isPresent() || spec.allocator(n).isPresent()
                    || spec.flows().stream().anyMatch(f -> f.name().equals(n));
            if (!known) {
                findings.add(Finding.error("spec.undefined", s.on().get().loc(), "suppression names "
                        + Printable.quote(n) + ", which is no device, share, allocator or flow"));
            }
        }
    }

    private void flow(Flow f, Map<String, Share> shares, Map<String, Device> devices) {
        Share share = shares.get(f.share().name());
        if (share == null) {
            undefined(f.share(), "share");
        }
        Set<String> members = new HashSet<>();
        if (share != null) {
            share.devices().forEach(d -> members.add(d.name()));
        }
        declare(f.actors(), "actor in flow '" + f.name() + "'");
        Map<String, Set<String>> labels = new HashMap<>();
        for (Actor a : f.actors()) {
            Set<String> own = new HashSet<>();
            for (Step s : a.steps()) {
                if (s.label().isPresent()) {
                    NameRef l = s.label().get();
                    checkName(l.name(), l.loc(), "label");
                    if (!own.add(l.name())) {
                        findings.add(Finding.error("spec.duplicate", l.loc(), "label " + Printable.quote(l.name())
                                + " is used twice in actor '" + a.name() + "'"));
                    }
                }
            }
            labels.putIfAbsent(a.name(), own);
        }
        for (Actor a : f.actors()) {
            for (Step s : a.steps()) {
                if (s instanceof DeviceStep d) {
                    String dev = d.device().name();
                    if (!devices.containsKey(dev)) {
                        undefined(d.device(), "device");
                    } else if (share != null && !members.contains(dev)) {
                        findings.add(Finding.error("spec.not-in-share", d.device().loc(), "device '" + dev
                                + "' is not in share '" + share.name() + "' of flow '" + f.name() + "'"));
                    }
                } else if (s instanceof WaitStep w) {
                    wait(w, a, labels);
                }
            }
        }
    }

    private void wait(WaitStep w, Actor self, Map<String, Set<String>> labels) {
        String actor = w.actor().name();
        if (actor.equals(self.name())) {
            findings.add(Finding.error("spec.invalid-wait", w.actor().loc(),
                    "actor '" + actor + "' waits on itself; a wait names another actor of the flow"));
        } else if (!labels.containsKey(actor)) {
            undefined(w.actor(), "actor");
        } else if (!labels.get(actor).contains(w.target().name())) {
            findings.add(Finding.error("spec.undefined", w.target().loc(), "actor '" + actor
                    + "' has no step labelled " + Printable.quote(w.target().name())));
        }
    }

    private Set<String> declare(List<? extends Element> elements, String kind) {
        Map<String, Element> seen = new HashMap<>();
        for (Element e : elements) {
            checkName(e.name(), e.loc(), kind);
            Element first = seen.putIfAbsent(e.name(), e);
            if (first != null) {
                findings.add(Finding.error("spec.duplicate", e.loc(), kind + " " + Printable.quote(e.name())
                        + " is already declared at line " + first.loc().line()));
            }
        }
        return seen.keySet();
    }

    private static <E extends Element> Map<String, E> index(List<E> elements) {
        Map<String, E> map = new HashMap<>();
        for (E e : elements) {
            map.putIfAbsent(e.name(), e);
        }
        return map;
    }

    private void references(List<NameRef> refs, Set<String> declared, String kind, String context) {
        Set<String> seen = new HashSet<>();
        for (NameRef r : refs) {
            if (!declared.contains(r.name())) {
                undefined(r, kind);
            } else if (!seen.add(r.name())) {
                findings.add(Finding.error("spec.duplicate", r.loc(), context + " " + kind + " '"
                        + r.name() + "' twice"));
            }
        }
    }

    private void undefined(NameRef r, String kind) {
        findings.add(Finding.error("spec.undefined", r.loc(), "undefined " + kind + " " + Printable.quote(r.name())));
    }

    private void checkName(String name, SourceLocation loc, String kind) {
        Optional<String> problem = ReservedNames.problem(name);
        problem.ifPresent(p -> findings.add(Finding.error("spec.invalid-name", loc,
                kind + " name " + Printable.quote(name) + " " + p)));
    }
}
