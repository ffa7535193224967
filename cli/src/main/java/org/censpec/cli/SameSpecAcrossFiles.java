package org.censpec.cli;

import org.censpec.model.rules.SpecRules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.NameRef;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;
import org.censpec.verify.CheckedSpec;

/**
 * One spec per {@code spec} name across the files of one run: a second file declaring the
 * same spec with the same declarations is the same spec and is reported once; one that
 * declares it differently is a {@code spec.duplicate} error at its {@code spec} line (the
 * two would generate the same module and heaps).
 */
final class SameSpecAcrossFiles {
    private SameSpecAcrossFiles() {
    }

    static List<CheckedSpec> apply(List<CheckedSpec> results) {
        Map<String, CheckedSpec> first = new LinkedHashMap<>();
        List<CheckedSpec> out = new ArrayList<>();
        for (CheckedSpec r : results) {
            if (r.spec().isEmpty() || r.spec().get().name().isEmpty()) {
                out.add(r);
                continue;
            }
            Spec s = r.spec().get();
            CheckedSpec earlier = first.putIfAbsent(s.name(), r);
            if (earlier == null) {
                out.add(r);
            } else if (!signature(s).equals(signature(earlier.spec().get()))) {
                List<Finding> findings = new ArrayList<>(r.findings());
                findings.add(Finding.of(SpecRules.DUPLICATE, s.loc(), "spec '" + s.name() + "' is also declared by "
                        + earlier.spec().get().loc() + " with different declarations; both would generate the same"
                        + " kernel module and heaps"));
                out.add(new CheckedSpec(r.file(), r.spec(), findings));
            }
            // else: the same spec again (the same file, or another with the same declarations): reported once
        }
        return out;
    }

    /** The spec's meaning without its locations. */
    static String signature(Spec s) {
        StringBuilder b = new StringBuilder("ram ").append(s.ram()).append(" at ").append(s.ramBase());
        s.properties().forEach(p -> b.append("|property ").append(p.name()));
        s.allocators().forEach(a -> b.append("|allocator ").append(a.name()).append(' ').append(a.backend())
                .append(' ').append(names(a.provides())).append(' ').append(a.below()).append(' ').append(a.align()).append(' ').append(a.protectedMemory())
                .append(' ').append(a.region().map(org.censpec.model.Literal::value).orElse("")).append(' ').append(a.size().orElse(0L)));
        s.devices().forEach(d -> b.append("|device ").append(d.name()).append(' ').append(d.dmaBits()).append(' ')
                .append(names(d.requires())).append(' ').append(names(d.forbids())).append(' ').append(d.align())
                .append(' ').append(d.iommu()).append(' ').append(d.accessesProtected()).append(' ')
                .append(d.match().stream().map(org.censpec.model.Literal::value).collect(Collectors.joining(","))));
        s.shares().forEach(sh -> b.append("|share ").append(sh.name()).append(' ').append(names(sh.devices()))
                .append(' ').append(sh.maxSize().orElse(0L)));
        s.flows().forEach(f -> {
            b.append("|flow ").append(f.name()).append(" on ").append(f.share().name());
            for (Actor a : f.actors()) {
                b.append(" actor ").append(a.name());
                for (Step st : a.steps()) {
                    b.append(' ').append(step(st));
                }
            }
        });
        s.suppressions().forEach(x -> b.append("|suppress ").append(x.id()).append(' ')
                .append(x.on().map(NameRef::name).orElse("")).append(' ').append(x.reason()));
        return b.toString();
    }

    private static String step(Step st) {
        if (st instanceof DeviceStep d) {
            return d.label().map(l -> l.name() + ":").orElse("") + d.op().keyword() + " " + d.device().name();
        }
        WaitStep w = (WaitStep) st;
        return w.label().map(l -> l.name() + ":").orElse("") + "wait " + w.actor().name() + "." + w.target().name();
    }

    private static String names(List<NameRef> refs) {
        return refs.stream().map(NameRef::name).collect(Collectors.joining(","));
    }
}
