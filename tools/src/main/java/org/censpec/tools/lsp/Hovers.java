package org.censpec.tools.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.NameRef;
import org.censpec.model.Share;
import org.censpec.model.Sizes;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;

/** Hover text (Markdown) for a name: what the spec says about it and what follows. */
final class Hovers {
    private Hovers() {}

    static Optional<String> of(Spec spec, NameIndex.Occurrence o) {
        return switch (o.kind()) {
            case DEVICE -> spec.device(o.name()).map(d -> device(spec, d));
            case ALLOCATOR -> spec.allocator(o.name()).map(a -> allocator(spec, a));
            case PROPERTY -> spec.property(o.name()).map(p -> property(spec, p.name()));
            case SHARE -> spec.share(o.name()).map(s -> share(spec, s));
            case ANY ->
                spec.device(o.name())
                        .map(d -> device(spec, d))
                        .or(() -> spec.allocator(o.name()).map(a -> allocator(spec, a)));
            default -> Optional.empty();
        };
    }

    private static String names(List<NameRef> refs) {
        return refs.isEmpty() ? "nothing" : refs.stream().map(NameRef::name).collect(Collectors.joining(", "));
    }

    static String device(Spec spec, Device d) {
        StringBuilder b = new StringBuilder("**device " + d.name() + "**: dma_bits " + d.dmaBits() + " (reaches below "
                + (d.dmaBits() >= 63 ? "everything" : Sizes.format(1L << d.dmaBits())) + ")");
        if (!d.requires().isEmpty()) {
            b.append(", requires ").append(names(d.requires()));
        }
        if (!d.forbids().isEmpty()) {
            b.append(", forbids ").append(names(d.forbids()));
        }
        b.append(", align ").append(Sizes.format(d.align())).append("\n\n");
        List<String> accepts = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        for (Allocator a : spec.allocators()) {
            List<String> why = Acceptance.reasons(d, a);
            if (why.isEmpty()) {
                accepts.add("`" + a.name() + "`");
            } else {
                rejects.add("- `" + a.name() + "`: " + String.join("; ", why));
            }
        }
        b.append("accepts: ")
                .append(accepts.isEmpty() ? "no allocator (device.unsatisfiable)" : String.join(", ", accepts));
        if (!rejects.isEmpty()) {
            b.append("\n\nrejects:\n").append(String.join("\n", rejects));
        }
        return b.toString();
    }

    static String allocator(Spec spec, Allocator a) {
        StringBuilder b = new StringBuilder("**allocator " + a.name() + "** (priority " + (a.priority() + 1) + " of "
                + spec.allocators().size() + "): backend " + a.backend().keyword() + ", provides " + names(a.provides())
                + ", every page below " + Sizes.format(a.below()) + ", buffers aligned to " + Sizes.format(a.align()));
        List<String> by = spec.devices().stream()
                .filter(d -> Acceptance.accepts(d, a))
                .map(Device::name)
                .toList();
        b.append("\n\naccepted by: ").append(by.isEmpty() ? "no device" : String.join(", ", by));
        return b.toString();
    }

    static String property(Spec spec, String p) {
        List<String> providers = spec.allocators().stream()
                .filter(a -> a.provides(p))
                .map(Allocator::name)
                .toList();
        List<String> need = spec.devices().stream()
                .filter(d -> d.requires().stream().anyMatch(r -> r.name().equals(p)))
                .map(Device::name)
                .toList();
        List<String> forbid = spec.devices().stream()
                .filter(d -> d.forbids().stream().anyMatch(r -> r.name().equals(p)))
                .map(Device::name)
                .toList();
        return "**property " + p + "**\n\nprovided by: "
                + (providers.isEmpty() ? "no allocator" : String.join(", ", providers))
                + "\n\nrequired by: " + (need.isEmpty() ? "no device" : String.join(", ", need))
                + "\n\nforbidden by: " + (forbid.isEmpty() ? "no device" : String.join(", ", forbid));
    }

    static String share(Spec spec, Share s) {
        List<String> all = new ArrayList<>();
        for (Allocator a : spec.allocators()) {
            boolean ok = s.devices().stream()
                    .allMatch(r -> spec.device(r.name())
                            .map(d -> Acceptance.accepts(d, a))
                            .orElse(false));
            if (ok) {
                all.add(a.name());
            }
        }
        return "**share " + s.name() + "** { " + names(s.devices()) + " }\n\naccepted by every device: "
                + (all.isEmpty() ? "no allocator (share.empty-intersection)" : String.join(", ", all));
    }
}
