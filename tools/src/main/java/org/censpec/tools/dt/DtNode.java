package org.censpec.tools.dt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a flattened devicetree: its full name ({@code name@unit}), its properties
 * in file order and its children. The tree is built once by {@link FdtReader} and then
 * only read.
 */
public final class DtNode {
    private final String fullName;
    private final DtNode parent;
    private final Map<String, byte[]> properties = new LinkedHashMap<>();
    private final List<DtNode> children = new ArrayList<>();

    DtNode(String fullName, DtNode parent) {
        this.fullName = fullName;
        this.parent = parent;
    }

    void addProperty(String name, byte[] value) {
        properties.put(name, value);
    }

    void addChild(DtNode child) {
        children.add(child);
    }

    /** {@code name@unit}, empty for the root. */
    public String fullName() {
        return fullName;
    }

    /** The node name without its unit address. */
    public String baseName() {
        int at = fullName.indexOf('@');
        return at < 0 ? fullName : fullName.substring(0, at);
    }

    /** The unit address (after {@code @}), empty when there is none. */
    public String unitAddress() {
        int at = fullName.indexOf('@');
        return at < 0 ? "" : fullName.substring(at + 1);
    }

    public Optional<DtNode> parent() {
        return Optional.ofNullable(parent);
    }

    public List<DtNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** The path from the root, {@code /} for the root. */
    public String path() {
        if (parent == null) {
            return "/";
        }
        String up = parent.path();
        return (up.equals("/") ? "" : up) + "/" + fullName;
    }

    public boolean has(String property) {
        return properties.containsKey(property);
    }

    public Optional<byte[]> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** A string-list property ({@code compatible}): empty when absent. */
    public List<String> strings(String name) {
        byte[] v = properties.get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        int start = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                if (i > start) {
                    out.add(new String(v, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        if (start < v.length) {
            out.add(new String(v, start, v.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The first string of a string property. */
    public Optional<String> string(String name) {
        List<String> s = strings(name);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
    }

    /** A one-cell property ({@code #address-cells}, {@code phandle}) if it is exactly 4 bytes. */
    public Optional<Long> u32(String name) {
        byte[] v = properties.get(name);
        if (v == null || v.length != 4) {
            return Optional.empty();
        }
        return Optional.of(cell(v, 0));
    }

    /** Cell {@code index} (4 bytes, big-endian) of a value, unsigned. */
    static long cell(byte[] v, int index) {
        int o = index * 4;
        return ((v[o] & 0xffL) << 24) | ((v[o + 1] & 0xffL) << 16) | ((v[o + 2] & 0xffL) << 8) | (v[o + 3] & 0xffL);
    }

    /** {@code count} cells from {@code index} as one unsigned number. */
    static BigInteger cells(byte[] v, int index, int count) {
        BigInteger n = BigInteger.ZERO;
        for (int i = 0; i < count; i++) {
            n = n.shiftLeft(32).or(BigInteger.valueOf(cell(v, index + i)));
        }
        return n;
    }

    /** Whether {@code status} is absent, "okay" or "ok". */
    public boolean enabled() {
        Optional<String> status = string("status");
        return status.isEmpty() || status.get().equals("okay") || status.get().equals("ok");
    }

    @Override
    public String toString() {
        return path();
    }
}
