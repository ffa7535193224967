package org.censpec.model;

import java.util.List;
import java.util.Optional;

/**
 * A parsed spec. Lists keep declaration order (allocators: priority order). A Spec may
 * come from a file with spec-level errors; consumers that need a valid spec run
 * {@code SpecValidator} first and stop on errors. RAM spans [ramBase, ramBase + ram).
 * {@code heapAccess} is the {@code heap_access} declaration, if the spec has one.
 */
public record Spec(
        String name,
        SourceLocation loc,
        long ram,
        List<Property> properties,
        List<Allocator> allocators,
        List<Device> devices,
        List<Share> shares,
        List<Flow> flows,
        List<Suppression> suppressions,
        long ramBase,
        Optional<HeapAccess> heapAccess) {

    public Spec {
        properties = List.copyOf(properties);
        allocators = List.copyOf(allocators);
        devices = List.copyOf(devices);
        shares = List.copyOf(shares);
        flows = List.copyOf(flows);
        suppressions = List.copyOf(suppressions);
    }

    /** This spec with {@code flows} in place of its own, everything else kept. */
    public Spec withFlows(List<Flow> flows) {
        return new Spec(
                name, loc, ram, properties, allocators, devices, shares, flows, suppressions, ramBase, heapAccess);
    }

    /** The end of RAM, {@code ramBase + ram}: the default {@code below} of an allocator. */
    public long ramEnd() {
        return end(ramBase, ram);
    }

    /**
     * {@code base + size}, or the largest long when that does not fit in 63 bits (a spec.range
     * error of its own: no second, wrapped-around value reaches another check).
     */
    public static long end(long base, long size) {
        long end = base + size;
        return end < 0 ? Long.MAX_VALUE : end;
    }

    public Optional<Flow> flow(String name) {
        return flows.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<Property> property(String name) {
        return properties.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<Allocator> allocator(String name) {
        return allocators.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<Device> device(String name) {
        return devices.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<Share> share(String name) {
        return shares.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
