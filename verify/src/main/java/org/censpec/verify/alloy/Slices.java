package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Actor;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Step;

/**
 * The modules a spec is checked in: one static module (every property, allocator, device and
 * share; no flows) for the device, share and allocator checks, and per flow one slice: every
 * allocator (their priority order and the initial access mask are the whole spec's), only the
 * devices the flow's steps use, no shares (no flow outcome depends on them) and that flow. A
 * flow's findings depend only on its slice (docs/semantics.md: outcomes read the flow's devices'
 * accepts relation and the allocator order), so a slice's verdict is the flow's verdict in the
 * whole spec. Elements are the spec's own objects, so locations carry over.
 */
public final class Slices {
    private Slices() {}

    /** The spec without its flows. */
    public static Spec staticPart(Spec spec) {
        return new Spec(
                spec.name(),
                spec.loc(),
                spec.ram(),
                spec.properties(),
                spec.allocators(),
                spec.devices(),
                spec.shares(),
                List.of(),
                List.of(),
                spec.ramBase(),
                Optional.empty());
    }

    /** The slice of {@code flow}: the allocators, the devices its steps use, the flow. */
    public static Spec flow(Spec spec, Flow flow) {
        Set<String> used = new HashSet<>();
        for (Actor a : flow.actors()) {
            for (Step s : a.steps()) {
                if (s instanceof DeviceStep d) {
                    used.add(d.device().name());
                }
            }
        }
        List<Device> devices = new ArrayList<>();
        for (Device d : spec.devices()) {
            if (used.contains(d.name())) {
                devices.add(d);
            }
        }
        return new Spec(
                spec.name() + "_" + flow.name(),
                spec.loc(),
                spec.ram(),
                spec.properties(),
                spec.allocators(),
                devices,
                List.of(),
                List.of(flow),
                List.of(),
                spec.ramBase(),
                Optional.empty());
    }
}
