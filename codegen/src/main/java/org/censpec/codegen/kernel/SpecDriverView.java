package org.censpec.codegen.kernel;

import java.nio.file.Path;
import java.util.List;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Literal;
import org.censpec.model.NameRef;
import org.censpec.model.Property;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;

/** The kernel module's view model of a parsed spec: feeds {@link DriverViewBuilder} with the core's masks. */
public final class SpecDriverView {
    private SpecDriverView() {}

    public static DriverView of(Spec spec, String version) {
        Path file = Path.of(spec.loc().file()).getFileName();
        DriverViewBuilder b = new DriverViewBuilder(
                        spec.name(), file == null ? spec.loc().file() : file.toString(), spec.ram())
                .version(version)
                .ramBase(spec.ramBase());
        Acceptance acceptance = new Acceptance(spec);
        for (Property p : spec.properties()) {
            b.property(p.name());
        }
        for (Allocator a : spec.allocators()) {
            b.allocator(
                    a.name(),
                    DriverViewBuilder.Backend.valueOf(a.backend().name()),
                    names(a.provides()),
                    a.below(),
                    a.align());
            b.allocatorTraits(
                    a.name(),
                    a.size().orElse(null),
                    a.region().map(Literal::value).orElse(null),
                    a.protectedMemory());
        }
        for (Device d : spec.devices()) {
            b.device(d.name(), d.dmaBits(), names(d.requires()), names(d.forbids()), d.align(), acceptance.mask(d));
            b.deviceTraits(
                    d.name(),
                    d.iommu(),
                    d.accessesProtected(),
                    d.match().stream().map(Literal::value).toList());
        }
        for (Share s : spec.shares()) {
            b.share(s.name(), names(s.devices()));
            s.maxSize().ifPresent(m -> b.shareMaxSize(s.name(), m));
            b.shareAliases(s.name(), s.aliases().stream().map(Literal::value).toList());
        }
        spec.heapAccess()
                .ifPresent(h -> b.heapAccess(h.group().map(Literal::value).orElse(null), h.mode()));
        return b.build();
    }

    private static List<String> names(List<NameRef> refs) {
        return refs.stream().map(NameRef::name).toList();
    }
}
