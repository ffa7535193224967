package org.censpec.tools.dt;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code censpec prove --dtb} needs of a board's devicetree: its model, RAM, the
 * {@code /reserved-memory} pools, the kernel command line, and for a {@code match} string the
 * node it names with the DMA view the board gives that node (the composed {@code dma-ranges}
 * of its buses, its IOMMU, its coherency, its CPU address and {@code dev_name()}). Addresses are
 * 64-bit; a cell value that does not fit is treated as absent.
 */
public final class BoardTree {
    private static final BigInteger U64 = BigInteger.ONE.shiftLeft(64);

    /** Physical [start, start + size). */
    public record Range(long start, long size) {
        public long end() {
            return start + size;
        }
    }

    /** One composed DMA window: device addresses [bus, bus + length) reach physical [phys, phys + length). */
    public record DmaWindow(long bus, long phys, long length) {}

    /**
     * A child of {@code /reserved-memory}: its node name with and without unit address, its
     * compatible strings, flags, static placement ({@code reg}) or dynamic {@code size},
     * {@code alignment} and {@code alloc-ranges}.
     */
    public record Pool(
            String path,
            String fullName,
            String name,
            List<String> compatible,
            boolean reusable,
            boolean noMap,
            boolean cmaDefault,
            Optional<Range> reg,
            Optional<Long> size,
            Optional<Long> alignment,
            List<Range> allocRanges) {
        public boolean sharedDmaPool() {
            return compatible.contains("shared-dma-pool");
        }

        /** Its capacity: the static size or the dynamic one. */
        public Optional<Long> capacity() {
            return reg.map(Range::size).or(() -> size);
        }
    }

    /**
     * A node a match string names. {@code dma} is empty when no {@code dma-ranges} limits its
     * buses (the identity), else the windows through every bus above it (possibly none: it
     * reaches nothing). {@code iommu} is the path of the first IOMMU of its {@code iommus}.
     */
    public record Node(
            String path,
            String fullName,
            String parentPath,
            List<String> compatible,
            boolean enabled,
            Optional<Long> cpuAddress,
            Optional<Long> regSize,
            String devName,
            Optional<List<DmaWindow>> dma,
            Optional<String> iommu,
            boolean coherent,
            boolean noncoherent) {}

    private final String file;
    private final DtNode root;
    private final DeviceTree tree;
    private final List<String> warnings = new ArrayList<>();

    private BoardTree(String file, DtNode root) throws DtbException {
        this.file = file;
        this.root = root;
        this.tree = new DeviceTree(file, root, warnings::add);
    }

    /** Reads a flattened devicetree blob; a file that is not one is a {@link DtbException} saying why in one line. */
    public static BoardTree read(Path dtb) throws DtbException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dtb);
        } catch (NoSuchFileException e) {
            throw new DtbException(dtb + ": no such file");
        } catch (IOException e) {
            throw new DtbException(dtb + ": " + e.getMessage());
        }
        return new BoardTree(
                dtb.toString(), FdtReader.read(dtb.toString(), bytes).root());
    }

    public String file() {
        return file;
    }

    /** Malformed properties met while reading (each treated as absent). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public Optional<String> model() {
        return root.string("model");
    }

    /** The RAM of the enabled memory nodes, in address order; a size of 0 (the boot loader fills it in) is left out. */
    public List<Range> memory() {
        List<Range> out = new ArrayList<>();
        for (DtNode n : root.children()) {
            if ("memory".equals(n.string("device_type").orElse(null)) && n.enabled()) {
                for (BigInteger[] r : tree.reg(n)) {
                    range(r[0], r[1]).filter(x -> x.size() > 0).ifPresent(out::add);
                }
            }
        }
        out.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return out;
    }

    /** {@code /chosen/bootargs}, the kernel command line the devicetree carries. */
    public Optional<String> bootargs() {
        return child(root, "chosen").flatMap(c -> c.string("bootargs"));
    }

    /** The enabled children of {@code /reserved-memory} in node order. */
    public List<Pool> pools() {
        List<Pool> out = new ArrayList<>();
        Optional<DtNode> rm = child(root, "reserved-memory");
        if (rm.isEmpty()) {
            return out;
        }
        int sc = tree.sizeCells(rm.get());
        for (DtNode n : rm.get().children()) {
            if (!n.enabled()) {
                continue;
            }
            List<BigInteger[]> reg = tree.reg(n);
            Optional<Range> placed = reg.isEmpty() ? Optional.empty() : range(reg.get(0)[0], reg.get(0)[1]);
            List<Range> alloc = new ArrayList<>();
            for (BigInteger[] a : tree.pairs(n, "alloc-ranges", rm.get())) {
                range(a[0], a[1]).ifPresent(alloc::add);
            }
            out.add(new Pool(
                    n.path(),
                    n.fullName(),
                    n.baseName(),
                    n.strings("compatible"),
                    n.has("reusable"),
                    n.has("no-map"),
                    n.has("linux,cma-default"),
                    placed,
                    number(n, "size", sc),
                    number(n, "alignment", sc),
                    alloc));
        }
        return out;
    }

    /**
     * The nodes {@code match} names as the runtime matches a device: a {@code compatible} string
     * of the node, or its {@code dev_name()} ("ADDRESS.NAME"), in tree order. When none does and
     * {@code match} is the name of a device a driver creates (import-dt's masters.tsv, e.g.
     * etnaviv's "etnaviv"), the node that device's DMA is configured from, under that name.
     */
    public List<Node> nodesMatching(String match) {
        List<Node> out = new ArrayList<>();
        collect(root, match, out);
        if (out.isEmpty()) {
            createdDevice(match).ifPresent(out::add);
        }
        return out;
    }

    /** The device a driver creates as {@code devName}: the first node (an enabled one first) whose rule says so. */
    private Optional<Node> createdDevice(String devName) {
        List<DtNode> fits = new ArrayList<>();
        collectCreating(root, devName, fits);
        return fits.stream()
                .filter(BoardTree::enabledWithParents)
                .findFirst()
                .or(() -> fits.stream().findFirst())
                .map(c -> node(c, Optional.empty(), devName));
    }

    private static void collectCreating(DtNode n, String devName, List<DtNode> out) {
        for (DtNode c : n.children()) {
            if (KnownMasters.classify(c)
                    .filter(r -> r.via() instanceof KnownMasters.Via.DevName d
                            && d.devName().equals(devName))
                    .isPresent()) {
                out.add(c);
            }
            collectCreating(c, devName, out);
        }
    }

    private void collect(DtNode n, String match, List<Node> out) {
        for (DtNode c : n.children()) {
            Optional<Long> cpu = tree.cpuAddress(c)
                    .flatMap(a -> a.compareTo(U64) < 0 ? Optional.of(a.longValue()) : Optional.empty());
            String devName =
                    cpu.map(a -> Long.toHexString(a) + "." + c.baseName()).orElse(c.baseName());
            if (c.strings("compatible").contains(match) || devName.equals(match)) {
                out.add(node(c, cpu, devName));
            }
            collect(c, match, out);
        }
    }

    private Node node(DtNode c, Optional<Long> cpu, String devName) {
        List<BigInteger[]> reg = tree.reg(c);
        Optional<Long> size = reg.isEmpty() || reg.get(0)[1].compareTo(U64) >= 0
                ? Optional.empty()
                : Optional.of(reg.get(0)[1].longValue());
        boolean coherent = false;
        for (DtNode p = c; p != null; p = p.parent().orElse(null)) {
            coherent |= p.has("dma-coherent");
        }
        return new Node(
                c.path(),
                c.fullName(),
                c.parent().map(DtNode::path).orElse("/"),
                c.strings("compatible"),
                enabledWithParents(c),
                cpu,
                size,
                devName,
                dma(c),
                iommu(c),
                coherent,
                c.has("dma-noncoherent"));
    }

    private static boolean enabledWithParents(DtNode c) {
        for (DtNode p = c; p != null; p = p.parent().orElse(null)) {
            if (!p.enabled()) {
                return false;
            }
        }
        return true;
    }

    /** The windows through every dma-ranges above the node; empty when none limits it. */
    private Optional<List<DmaWindow>> dma(DtNode dev) {
        List<Window> windows = List.of(Window.identity());
        boolean limited = false;
        for (DtNode bus = dev.parent().orElse(null);
                bus != null && bus.parent().isPresent();
                bus = bus.parent().get()) {
            if (tree.ranges(bus, "dma-ranges") instanceof DeviceTree.Ranges.Entries e) {
                limited = true;
                List<Window> next = new ArrayList<>();
                for (Window w : windows) {
                    for (DmaRange d : e.entries()) {
                        Window t = d.translate(w);
                        if (t != null) {
                            next.add(t);
                        }
                    }
                }
                windows = next;
            }
        }
        if (!limited) {
            return Optional.empty();
        }
        List<DmaWindow> out = new ArrayList<>();
        for (Window w : windows) {
            BigInteger len = w.length()
                    .min(U64.subtract(w.bus()).min(U64.subtract(w.phys())))
                    .min(U64.shiftRight(1));
            if (w.bus().compareTo(U64) < 0 && w.phys().compareTo(U64) < 0 && len.signum() > 0) {
                out.add(new DmaWindow(w.bus().longValue(), w.phys().longValue(), len.longValue()));
            }
        }
        return Optional.of(out);
    }

    /** The first IOMMU its {@code iommus} names. */
    private Optional<String> iommu(DtNode n) {
        byte[] cells = n.property("iommus").orElse(null);
        if (cells == null || cells.length < 4) {
            return Optional.empty();
        }
        return tree.byPhandle(DtNode.cell(cells, 0)).map(DtNode::path);
    }

    private Optional<Long> number(DtNode n, String prop, int cells) {
        return tree.number(n, prop, cells)
                .filter(v -> v.compareTo(U64.shiftRight(1)) < 0)
                .map(BigInteger::longValue);
    }

    private static Optional<Range> range(BigInteger start, BigInteger size) {
        BigInteger half = U64.shiftRight(1);
        if (start.compareTo(half) >= 0 || size.compareTo(half) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new Range(start.longValue(), size.longValue()));
    }

    private static Optional<DtNode> child(DtNode n, String name) {
        return n.children().stream().filter(c -> c.fullName().equals(name)).findFirst();
    }

    /** A string property of the node at {@code path}. */
    public Optional<String> string(String path, String property) {
        return find(root, path).flatMap(n -> n.string(property));
    }

    /** A one-cell property of the node at {@code path}. */
    public Optional<Long> u32(String path, String property) {
        return find(root, path).flatMap(n -> n.u32(property));
    }

    private static Optional<DtNode> find(DtNode n, String path) {
        if (n.path().equals(path)) {
            return Optional.of(n);
        }
        for (DtNode c : n.children()) {
            if (path.startsWith(c.path())) {
                Optional<DtNode> f = find(c, path);
                if (f.isPresent()) {
                    return f;
                }
            }
        }
        return Optional.empty();
    }
}
