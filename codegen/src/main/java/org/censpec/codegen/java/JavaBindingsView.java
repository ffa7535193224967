package org.censpec.codegen.java;

import java.util.List;

/**
 * Everything bindings.stg renders, precomputed: names, literals (escaped once, {@link org.censpec.codegen.emit.JavaText}),
 * masks, separators.
 */
public record JavaBindingsView(
        String banner,
        String packageName,
        String specName,
        String genericHeapLiteral,
        List<DeviceConstant> devices,
        List<AllocatorConstant> allocators,
        List<PropertyConstant> properties,
        List<ShareConstant> shares) {

    /** The row format the tables are written in: the runtime's {@code Tables.FORMAT} they were made for. */
    public int tableFormat() {
        return JavaBindingsGenerator.TABLE_FORMAT;
    }

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

    public record DeviceConstant(
            String constant, String nameLiteral, int dmaBits, String mask, String align, boolean last) {}

    public record AllocatorConstant(
            String constant,
            String nameLiteral,
            int priority,
            String backendLiteral,
            String below,
            String align,
            List<String> provides,
            boolean last) {}

    public record PropertyConstant(String constant, String nameLiteral, boolean last) {}

    public record ShareConstant(
            String constant,
            String nameLiteral,
            String heapNameLiteral,
            String mask,
            List<String> devices,
            boolean last) {}
}
