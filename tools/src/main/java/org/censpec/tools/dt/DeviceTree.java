package org.censpec.tools.dt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reading helpers over a parsed tree: cell sizes, {@code reg}, {@code ranges} and
 * {@code dma-ranges} decoding, phandles. Malformed properties are reported to the
 * warning sink with the node path and treated as absent, so one bad node never stops
 * the import.
 */
final class DeviceTree {
    private final DtNode root;
    private final Map<Long, DtNode> phandles = new HashMap<>();
    private final Consumer<String> warn;

    DeviceTree(String file, DtNode root, Consumer<String> warn) throws DtbException {
        this.root = root;
        this.warn = warn;
        indexPhandles(file, root);
    }

    private void indexPhandles(String file, DtNode n) throws DtbException {
        for (String prop : List.of("phandle", "linux,phandle")) {
            Optional<Long> p = n.u32(prop);
            if (p.isPresent()) {
                DtNode other = phandles.putIfAbsent(p.get(), n);
                if (other != null && other != n) {
                    throw new DtbException(file + ": " + n.path() + ": phandle 0x" + Long.toHexString(p.get())
                            + " is also the phandle of " + other.path());
                }
            }
        }
        for (DtNode c : n.children()) {
            indexPhandles(file, c);
        }
    }

    DtNode root() {
        return root;
    }

    Optional<DtNode> byPhandle(long phandle) {
        return Optional.ofNullable(phandles.get(phandle));
    }

    /** A property's 32-bit cells (phandle lists such as {@code ports}; {@code dmas} entries start with one). */
    List<Long> cells(DtNode n, String prop) {
        List<Long> out = new ArrayList<>();
        byte[] v = n.property(prop).orElse(new byte[0]);
        for (int i = 0; i + 4 <= v.length; i += 4) {
            out.add(DtNode.cell(v, i / 4));
        }
        return out;
    }

    /** {@code #address-cells} of a bus node (default 2, as the spec says). */
    int addressCells(DtNode bus) {
        return cellCount(bus, "#address-cells", 2);
    }

    /** {@code #size-cells} of a bus node (default 1). */
    int sizeCells(DtNode bus) {
        return cellCount(bus, "#size-cells", 1);
    }

    private int cellCount(DtNode n, String prop, int dflt) {
        if (!n.has(prop)) {
            return dflt;
        }
        Optional<Long> v = n.u32(prop);
        if (v.isEmpty() || v.get() > 4) {
            warn.accept(n.path() + ": " + prop + " is not one cell of at most 4; using " + dflt);
            return dflt;
        }
        return v.get().intValue();
    }

    /** A node's {@code reg} as (address, size) pairs in its parent's cells; empty if absent or malformed. */
    List<BigInteger[]> reg(DtNode n) {
        return pairs(n, "reg", n.parent().orElse(root));
    }

    /** A reserved-memory property such as {@code alloc-ranges}: (address, size) pairs in the parent's cells. */
    List<BigInteger[]> pairs(DtNode n, String prop, DtNode cellsFrom) {
        List<BigInteger[]> out = new ArrayList<>();
        Optional<byte[]> v = n.property(prop);
        if (v.isEmpty()) {
            return out;
        }
        int ac = addressCells(cellsFrom);
        int sc = sizeCells(cellsFrom);
        int entry = (ac + sc) * 4;
        if (entry == 0 || v.get().length % entry != 0) {
            warn.accept(n.path() + ": " + prop + " has " + v.get().length + " bytes, not a multiple of " + entry
                    + " (#address-cells " + ac + " + #size-cells " + sc + " of " + cellsFrom.path() + "): ignored");
            return out;
        }
        for (int i = 0; i < v.get().length / 4; i += ac + sc) {
            out.add(new BigInteger[] {DtNode.cells(v.get(), i, ac), DtNode.cells(v.get(), i + ac, sc)});
        }
        return out;
    }

    /** A single-number property of {@code cells} cells ({@code size}, {@code alignment}). */
    Optional<BigInteger> number(DtNode n, String prop, int cells) {
        Optional<byte[]> v = n.property(prop);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get().length != cells * 4) {
            warn.accept(
                    n.path() + ": " + prop + " has " + v.get().length + " bytes, expected " + cells * 4 + ": ignored");
            return Optional.empty();
        }
        return Optional.of(DtNode.cells(v.get(), 0, cells));
    }

    /** What a bus's {@code ranges}-like property says about translation one level up. */
    sealed interface Ranges {
        /** Property absent. */
        record Absent() implements Ranges {}

        /** Empty property: identity. */
        record Identity() implements Ranges {}

        record Entries(List<DmaRange> entries) implements Ranges {}

        /** Present but malformed (already warned). */
        record Malformed() implements Ranges {}
    }

    Ranges ranges(DtNode bus, String prop) {
        Optional<byte[]> v = bus.property(prop);
        if (v.isEmpty()) {
            return new Ranges.Absent();
        }
        if (v.get().length == 0) {
            return new Ranges.Identity();
        }
        int ca = addressCells(bus);
        int pa = addressCells(bus.parent().orElse(root));
        int sc = sizeCells(bus);
        int entry = (ca + pa + sc) * 4;
        if (entry == 0 || v.get().length % entry != 0) {
            warn.accept(bus.path() + ": " + prop + " has " + v.get().length + " bytes, not a multiple of " + entry
                    + " (child address " + ca + " + parent address " + pa + " + size " + sc + " cells): ignored");
            return new Ranges.Malformed();
        }
        List<DmaRange> out = new ArrayList<>();
        for (int i = 0; i < v.get().length / 4; i += ca + pa + sc) {
            out.add(new DmaRange(
                    DtNode.cells(v.get(), i, ca),
                    DtNode.cells(v.get(), i + ca, pa),
                    DtNode.cells(v.get(), i + ca + pa, sc)));
        }
        return new Ranges.Entries(out);
    }

    /**
     * The CPU address of a node's first {@code reg} entry through the {@code ranges} of its
     * ancestors (as the kernel's of_translate_address does), or empty when a level does not
     * translate.
     */
    Optional<BigInteger> cpuAddress(DtNode n) {
        List<BigInteger[]> reg = reg(n);
        if (reg.isEmpty()) {
            return Optional.empty();
        }
        BigInteger a = reg.get(0)[0];
        for (DtNode bus = n.parent().orElse(null);
                bus != null && bus.parent().isPresent();
                bus = bus.parent().get()) {
            Ranges r = ranges(bus, "ranges");
            if (r instanceof Ranges.Identity) {
                continue;
            }
            if (!(r instanceof Ranges.Entries e)) {
                return Optional.empty();
            }
            BigInteger up = null;
            for (DmaRange d : e.entries()) {
                if (a.compareTo(d.child()) >= 0 && a.compareTo(d.child().add(d.length())) < 0) {
                    up = d.parent().add(a.subtract(d.child()));
                    break;
                }
            }
            if (up == null) {
                return Optional.empty();
            }
            a = up;
        }
        return Optional.of(a);
    }
}
