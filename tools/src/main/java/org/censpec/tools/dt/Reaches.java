package org.censpec.tools.dt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.censpec.model.semantics.Limits;

/**
 * What the devicetree says about a device's DMA addresses: the physical memory its chain of
 * {@code dma-ranges} lets it reach, the bus addresses an IOMMU behind it could use, and the
 * IOMMU its {@code iommus} names. A device's DMA addresses pass through the {@code dma-ranges}
 * of every bus above it; each entry maps a window of child-bus addresses to parent addresses
 * (an offset window, e.g. the Raspberry Pi 4's {@code /soc} maps bus 0xC0000000 to physical 0
 * for 1 GiB). Composing them gives the physical ranges the device can reach: the end E of the
 * reachable run that starts at or below the start of RAM gives {@code floor(log2 E)} bits
 * (for the Pi's window 30, although the device puts 32-bit addresses on its bus).
 */
final class Reaches {
    /** A device's reach: physical bits and why, bus (IOVA) bits and why, and the windows passed through. */
    record Reach(int physBits, String physWhy, int iovaBits, String iovaWhy, List<String> via) {}

    private final DeviceTree tree;
    private final BigInteger ramBase;
    private final Consumer<String> warn;

    Reaches(DeviceTree tree, BigInteger ramBase, Consumer<String> warn) {
        this.tree = tree;
        this.ramBase = ramBase;
        this.warn = warn;
    }

    Reach of(DtNode dev) {
        List<Window> windows = List.of(Window.identity());
        List<String> via = new ArrayList<>();
        for (DtNode bus = dev.parent().orElse(null);
                bus != null && bus.parent().isPresent();
                bus = bus.parent().get()) {
            DeviceTree.Ranges ranges = tree.ranges(bus, "dma-ranges");
            if (ranges instanceof DeviceTree.Ranges.Malformed) {
                String why =
                        "TODO: a dma-ranges above is malformed (see the warnings); 32 is a placeholder, check the bus";
                warn.accept(
                        dev.path() + ": reach unknown (malformed dma-ranges above it): dma_bits 32 is a placeholder");
                return new Reach(32, why, 32, why, via);
            }
            if (ranges instanceof DeviceTree.Ranges.Entries e) {
                windows = translate(windows, e.entries());
                via.add(bus.path() + " dma-ranges: "
                        + String.join(
                                "; ",
                                e.entries().stream()
                                        .map(d -> "bus " + Window.hex(d.child()) + " -> " + Window.hex(d.parent())
                                                + " for " + DtImporter.size(d.length()))
                                        .toList()));
            }
        }
        return fromWindows(dev, windows, via);
    }

    private static List<Window> translate(List<Window> windows, List<DmaRange> entries) {
        List<Window> next = new ArrayList<>();
        for (Window w : windows) {
            for (DmaRange d : entries) {
                Window t = d.translate(w);
                if (t != null) {
                    next.add(t);
                }
            }
        }
        return next;
    }

    private Reach fromWindows(DtNode dev, List<Window> windows, List<String> via) {
        if (windows.isEmpty()) {
            String why = "its buses' dma-ranges do not overlap: it reaches no memory (the language's minimum)";
            warn.accept(dev.path() + ": the dma-ranges above it translate nothing: it reaches no memory");
            return new Reach(Limits.MIN_DMA_BITS, why, Limits.MIN_DMA_BITS, why, via);
        }
        if (windows.size() == 1 && windows.get(0).equals(Window.identity())) {
            return new Reach(64, "no dma-ranges limit its bus", 64, "no dma-ranges limit its bus", via);
        }
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> a.phys().compareTo(b.phys()));
        BigInteger start = sorted.get(0).phys();
        BigInteger end = start;
        for (Window w : sorted) {
            if (w.phys().compareTo(end) > 0) {
                break;
            }
            end = end.max(w.physEnd());
        }
        String window = "[" + Window.hex(start) + ", " + Window.hex(end) + ")";
        if (start.compareTo(ramBase) > 0) {
            warn.accept(dev.path() + ": reaches physical " + window + ", which starts above RAM at "
                    + Window.hex(ramBase) + ": the language cannot say a lower bound; dma_bits over-states its reach");
        }
        int phys = floorLog2(end, dev);
        BigInteger busEnd = windows.stream().map(Window::busEnd).reduce(BigInteger.ZERO, BigInteger::max);
        return new Reach(
                phys,
                "reaches physical " + window + (end.bitCount() == 1 ? "" : ", rounded down to 2^" + phys),
                floorLog2(busEnd, dev),
                "bus addresses below " + Window.hex(busEnd),
                via);
    }

    /** floor(log2 n), kept within the language's dma_bits range (12..64). */
    private int floorLog2(BigInteger n, DtNode dev) {
        int bits = n.signum() <= 0 ? 0 : Math.min(Limits.MAX_DMA_BITS, n.bitLength() - 1);
        if (bits < Limits.MIN_DMA_BITS) {
            warn.accept(dev.path() + ": reach 2^" + bits + " is below the language's minimum dma_bits "
                    + Limits.MIN_DMA_BITS + "; written as " + Limits.MIN_DMA_BITS);
            return Limits.MIN_DMA_BITS;
        }
        return bits;
    }

    /**
     * The highest CPU address the most constrained {@code dma-ranges} of the enabled tree reaches
     * (the kernel's of_dma_get_max_cpu_address(NULL), from which arm64 sizes ZONE_DMA); empty
     * when no bus limits DMA.
     */
    Optional<BigInteger> maxCpuAddress() {
        return maxCpuAddress(tree.root());
    }

    private Optional<BigInteger> maxCpuAddress(DtNode n) {
        Optional<BigInteger> here = Optional.empty();
        if (n.parent().isPresent() && tree.ranges(n, "dma-ranges") instanceof DeviceTree.Ranges.Entries) {
            here = reachWindows(new DtNode("probe", n)).stream()
                    .map(w -> w.physEnd().subtract(BigInteger.ONE))
                    .reduce(BigInteger::max);
        }
        for (DtNode c : n.children()) {
            if (c.enabled()) {
                Optional<BigInteger> sub = maxCpuAddress(c);
                if (sub.isPresent() && (here.isEmpty() || sub.get().compareTo(here.get()) < 0)) {
                    here = sub;
                }
            }
        }
        return here;
    }

    private List<Window> reachWindows(DtNode dev) {
        List<Window> windows = List.of(Window.identity());
        for (DtNode bus = dev.parent().orElse(null);
                bus != null && bus.parent().isPresent();
                bus = bus.parent().get()) {
            if (tree.ranges(bus, "dma-ranges") instanceof DeviceTree.Ranges.Entries e) {
                windows = translate(windows, e.entries());
            }
        }
        return windows;
    }

    /** The first enabled IOMMU a node's {@code iommus} names, following IOMMUs behind IOMMUs. */
    Optional<DtNode> iommu(DtNode node) {
        Set<DtNode> seen = new HashSet<>();
        DtNode at = node;
        DtNode first = null;
        while (true) {
            byte[] cells = at.property("iommus").orElse(null);
            if (cells == null || cells.length < 4) {
                break;
            }
            long ph = DtNode.cell(cells, 0);
            Optional<DtNode> target = tree.byPhandle(ph);
            if (target.isEmpty()) {
                warn.accept(at.path() + ": iommus phandle 0x" + Long.toHexString(ph) + " names no node");
                break;
            }
            if (!seen.add(target.get())) {
                warn.accept(at.path() + ": iommus phandles form a cycle through "
                        + target.get().path());
                break;
            }
            checkIommuCells(at, cells, target.get());
            if (!target.get().enabled()) {
                warn.accept(at.path() + ": its IOMMU " + target.get().path() + " is disabled: treated as no IOMMU");
                break;
            }
            first = first == null ? target.get() : first;
            at = target.get();
        }
        return Optional.ofNullable(first);
    }

    private void checkIommuCells(DtNode at, byte[] cells, DtNode target) {
        Optional<Long> cellsPer = target.u32("#iommu-cells");
        if (cellsPer.isPresent() && cells.length % (4 * (1 + cellsPer.get())) != 0) {
            warn.accept(
                    at.path() + ": iommus has " + cells.length + " bytes, not a multiple of " + 4 * (1 + cellsPer.get())
                            + " (phandle + #iommu-cells " + cellsPer.get() + " of " + target.path() + ")");
        }
    }
}
