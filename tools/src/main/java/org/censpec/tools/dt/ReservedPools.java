package org.censpec.tools.dt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.censpec.model.parse.SpecText;

/**
 * The {@code /reserved-memory} children: the reusable {@code shared-dma-pool} regions (CMA
 * areas), which become allocators, and every other reservation, said as a comment: firmware
 * memory, {@code no-map} or non-reusable coherent pools and {@code restricted-dma-pool} bounce
 * pools, which the runtime cannot allocate from (it gives a region allocator only a reusable
 * pool; docs/kernel-module.md "Backends").
 */
final class ReservedPools {
    /** A reusable pool: its node, size, where it lies and its alignment (each with where it was read). */
    record Pool(DtNode node, BigInteger size, String sizeFrom, BigInteger below, String belowFrom, BigInteger align) {
        boolean isDefaultCma() {
            return node.has("linux,cma-default");
        }
    }

    /** The pools that can be allocators, and one comment line for each other reservation. */
    record Result(List<Pool> pools, List<String> notes) {}

    private final DeviceTree tree;
    private final Consumer<String> warn;
    private final List<Pool> pools = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<DtNode> statics = new ArrayList<>();
    private final List<BigInteger[]> staticRegs = new ArrayList<>();

    private ReservedPools(DeviceTree tree, Consumer<String> warn) {
        this.tree = tree;
        this.warn = warn;
    }

    static Result read(DeviceTree tree, Consumer<String> warn) {
        ReservedPools r = new ReservedPools(tree, warn);
        tree.root().children().stream()
                .filter(n -> n.fullName().equals("reserved-memory"))
                .findFirst()
                .ifPresent(r::read);
        r.overlaps();
        return new Result(List.copyOf(r.pools), List.copyOf(r.notes));
    }

    private void read(DtNode res) {
        for (DtNode n : res.children()) {
            if (!n.enabled()) {
                continue;
            }
            List<BigInteger[]> reg = tree.reg(n);
            reg.forEach(r -> {
                statics.add(n);
                staticRegs.add(r);
            });
            List<String> compatible = n.strings("compatible");
            String where = reg.isEmpty() ? "" : " " + range(reg.get(0));
            if (compatible.contains("shared-dma-pool") && n.has("reusable") && !n.has("no-map")) {
                pools.add(pool(res, n, reg));
            } else if (compatible.contains("shared-dma-pool") || compatible.contains("restricted-dma-pool")) {
                notes.add(n.path() + ": " + String.join(", ", compatible) + where + (n.has("no-map") ? " no-map" : "")
                        + ": not an allocator: "
                        + (compatible.contains("restricted-dma-pool")
                                ? "the swiotlb bounce pool of the devices naming it"
                                : "a device's coherent pool (dma_alloc_coherent of the devices naming it), not CMA")
                        + "; the runtime allocates only from reusable pools");
            } else {
                notes.add(n.path() + ": " + (compatible.isEmpty() ? "no compatible" : String.join(", ", compatible))
                        + where + (n.has("no-map") ? " no-map" : "") + ": reserved, not a DMA pool, no allocator");
            }
        }
    }

    private static String range(BigInteger[] r) {
        return "[" + Window.hex(r[0]) + ", " + Window.hex(r[0].add(r[1])) + ")";
    }

    private Pool pool(DtNode res, DtNode n, List<BigInteger[]> reg) {
        int sc = tree.sizeCells(res);
        BigInteger size = null;
        String sizeFrom = null;
        BigInteger below = null;
        String belowFrom = null;
        if (!reg.isEmpty()) {
            size = reg.get(0)[1];
            sizeFrom = "reg " + range(reg.get(0));
            below = reg.get(0)[0].add(reg.get(0)[1]);
            belowFrom = sizeFrom + ": the pool's end";
        } else {
            Optional<BigInteger> s = tree.number(n, "size", sc);
            size = s.orElse(null);
            sizeFrom = s.map(x -> "size " + Window.hex(x)).orElse(null);
            List<BigInteger[]> alloc = tree.pairs(n, "alloc-ranges", res);
            if (!alloc.isEmpty()) {
                below = alloc.stream().map(a -> a[0].add(a[1])).reduce(BigInteger.ZERO, BigInteger::max);
                belowFrom = "alloc-ranges "
                        + String.join(
                                " ", alloc.stream().map(ReservedPools::range).toList())
                        + ": the pool lies below its end";
            }
        }
        if (size == null) {
            warn.accept(n.path() + ": shared-dma-pool without reg or size: its capacity is unknown");
        }
        return new Pool(
                n, size, sizeFrom, below != null && below.signum() == 0 ? null : below, belowFrom, alignment(n, sc));
    }

    private BigInteger alignment(DtNode n, int sc) {
        Optional<BigInteger> a = tree.number(n, "alignment", sc);
        if (a.isPresent() && a.get().bitCount() != 1) {
            warn.accept(n.path() + ": alignment " + Window.hex(a.get()) + " is not a power of two: ignored");
            return null;
        }
        return a.map(x -> x.max(BigInteger.valueOf(4096))).orElse(null);
    }

    private void overlaps() {
        for (int i = 0; i < statics.size(); i++) {
            for (int j = i + 1; j < statics.size(); j++) {
                BigInteger[] a = staticRegs.get(i);
                BigInteger[] b = staticRegs.get(j);
                if (a[0].compareTo(b[0].add(b[1])) < 0 && b[0].compareTo(a[0].add(a[1])) < 0) {
                    warn.accept(statics.get(i).path() + " and " + statics.get(j).path() + ": reserved regions overlap");
                }
            }
        }
    }

    /**
     * The allocator of a pool, with the region and size lines in the language additions (else
     * comments); a node name that cannot be a spec string gets no region line and a warning.
     */
    static void emit(SpecLines out, Pool p, String name, boolean additions, Consumer<String> warn) {
        String path = p.node().path();
        out.line(
                "allocator " + name + " {",
                path + ": shared-dma-pool, reusable: CMA" + (p.isDefaultCma() ? ", the default CMA area" : ""));
        out.line("    backend contiguous;", path);
        out.line("    provides contiguous;", path + ": physically contiguous");
        if (p.below() != null) {
            out.line("    below " + DtImporter.size(p.below()) + ";", path + " " + p.belowFrom());
        }
        if (p.align() != null) {
            // reserved-memory's alignment places the region itself; the buffers allocated from it
            // are not aligned to it, so it is no `align` (which every buffer would pay for)
            out.comment("    " + path + " alignment " + DtImporter.size(p.align())
                    + ": where the kernel places the region, not a boundary of each buffer");
        }
        // the runtime finds the region by node name without the @unit (of_get_child_by_name)
        Optional<String> regionName = SpecText.string(p.node().baseName());
        if (regionName.isEmpty()) {
            warn.accept(path + ": its node name cannot be a spec string (a quote, line break or control character): no "
                    + "region line");
        }
        String region = regionName.map(r -> "region " + r + ";").orElse("");
        String sz = p.size() == null ? null : "size " + DtImporter.size(p.size()) + ";";
        if (additions) {
            if (!region.isEmpty()) {
                out.line("    " + region, path);
            }
            if (sz != null) {
                out.line("    " + sz, path + " " + p.sizeFrom());
            }
        } else {
            out.comment("    " + region + "  " + (sz == null ? "" : sz + "  ") + "(language additions; " + path
                    + (sz == null ? "" : " " + p.sizeFrom()) + ")");
        }
        out.line("}", path);
    }
}
