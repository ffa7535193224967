package org.censpec.verify;

import java.util.List;
import java.util.stream.Collectors;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.NameRef;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;

/** A spec's meaning without its locations: two files whose specs have equal signatures declare the same spec. */
final class SpecSignature {
    private SpecSignature() {}

    /** The spec's meaning without its locations. */
    static String of(Spec s) {
        StringBuilder b =
                new StringBuilder("ram ").append(s.ram()).append(" at ").append(s.ramBase());
        s.properties().forEach(p -> b.append("|property ").append(p.name()));
        s.allocators()
                .forEach(a -> b.append("|allocator ")
                        .append(a.name())
                        .append(' ')
                        .append(a.backend())
                        .append(' ')
                        .append(names(a.provides()))
                        .append(' ')
                        .append(a.below())
                        .append(' ')
                        .append(a.align())
                        .append(' ')
                        .append(a.protectedMemory())
                        .append(' ')
                        .append(a.region().map(org.censpec.model.Literal::value).orElse(""))
                        .append(' ')
                        .append(a.size().orElse(0L)));
        s.devices()
                .forEach(d -> b.append("|device ")
                        .append(d.name())
                        .append(' ')
                        .append(d.dmaBits())
                        .append(' ')
                        .append(names(d.requires()))
                        .append(' ')
                        .append(names(d.forbids()))
                        .append(' ')
                        .append(d.align())
                        .append(' ')
                        .append(d.iommu())
                        .append(' ')
                        .append(d.accessesProtected())
                        .append(' ')
                        .append(d.match().stream()
                                .map(org.censpec.model.Literal::value)
                                .collect(Collectors.joining(","))));
        s.shares()
                .forEach(sh -> b.append("|share ")
                        .append(sh.name())
                        .append(' ')
                        .append(names(sh.devices()))
                        .append(' ')
                        .append(sh.maxSize().orElse(0L)));
        s.flows().forEach(f -> {
            b.append("|flow ").append(f.name()).append(" on ").append(f.share().name());
            for (Actor a : f.actors()) {
                b.append(" actor ").append(a.name());
                for (Step st : a.steps()) {
                    b.append(' ').append(step(st));
                }
            }
        });
        s.suppressions()
                .forEach(x -> b.append("|suppress ")
                        .append(x.id())
                        .append(' ')
                        .append(x.on().map(NameRef::name).orElse(""))
                        .append(' ')
                        .append(x.reason()));
        return b.toString();
    }

    private static String step(Step st) {
        if (st instanceof DeviceStep d) {
            return d.label().map(l -> l.name() + ":").orElse("") + d.op().keyword() + " "
                    + d.device().name();
        }
        WaitStep w = (WaitStep) st;
        return w.label().map(l -> l.name() + ":").orElse("") + "wait "
                + w.actor().name() + "." + w.target().name();
    }

    private static String names(List<NameRef> refs) {
        return refs.stream().map(NameRef::name).collect(Collectors.joining(","));
    }
}
