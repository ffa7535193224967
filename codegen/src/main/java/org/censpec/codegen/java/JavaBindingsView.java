package org.censpec.codegen.java;

import java.util.List;

/** Everything bindings.stg renders, precomputed: names, literals, masks, separators. */
public record JavaBindingsView(
        String banner,
        String packageName,
        String specName,
        String genericHeap,
        List<DeviceConstant> devices,
        List<AllocatorConstant> allocators,
        List<PropertyConstant> properties,
        List<ShareConstant> shares) {

    public boolean noDevices() {
        return devices.isEmpty();
    }

    public boolean noAllocators() {
        return allocators.isEmpty();
    }

    public boolean noProperties() {
        return properties.isEmpty();
    }

    public boolean noShares() {
        return shares.isEmpty();
    }

    public record DeviceConstant(String constant, String name, int dmaBits, String mask, String align, boolean last) {
    }

    public record AllocatorConstant(String constant, String name, int priority, String backend, String below,
            String align, List<String> provides, boolean last) {
    }

    public record PropertyConstant(String constant, String name, boolean last) {
    }

    public record ShareConstant(String constant, String name, String heapName, String mask, List<String> devices,
            boolean last) {
    }
}
