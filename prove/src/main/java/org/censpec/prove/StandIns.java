package org.censpec.prove;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Device;
import org.censpec.model.Literal;
import org.censpec.model.Spec;
import org.censpec.tools.dt.BoardTree;

/**
 * A stand-in importer node for each board node a {@code match} string of the spec names: the
 * test importer's compatible beside the board node's own, at the board node's name and CPU
 * address (so its {@code dev_name()} is the board's), on a bus whose {@code dma-ranges} are the
 * windows the board's buses compose for it, coherent or not as on the board, with the DMA mask
 * its driver would set. An IOMMU qemu's virt machine lacks, a node the board disables, a node
 * without a CPU address are said in {@link #notes}.
 */
final class StandIns {
    /**
     * One stand-in: the board node, its compatible strings (the match string that named it when
     * it is one, and the test importer's: no other board string, which a built-in driver could
     * claim), the spec device the runtime takes it for, its label and DMA mask width.
     */
    record StandIn(BoardTree.Node node, List<String> compatible, Device device, String label, int dmaBits) {
        /** The device as the DMA API describes it in the guest (no IOMMU there). */
        DmaView view() {
            long mask = DmaView.bitMask(dmaBits);
            if (node.dma().isEmpty()) {
                return new DmaView(mask, Optional.empty(), false);
            }
            long bus = DmaView.busLimit(node.dma().get());
            long limit = bus == 0 || Long.compareUnsigned(mask, bus) < 0 ? mask : bus;
            return new DmaView(limit, node.dma(), false);
        }
    }

    /** The test importer's compatible (prove/test-importer). */
    static final String TEST_IMPORTER = "censpec,test-importer";

    private final List<StandIn> standIns = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> unmatched = new ArrayList<>();

    /** The stand-ins of every match string of {@code spec} that names a node of {@code board}. */
    static StandIns of(Board board, Spec spec, GuestMachine machine, Set<String> builtIn) {
        StandIns s = new StandIns();
        Set<String> seen = new HashSet<>();
        Set<String> labels = new HashSet<>();
        for (Device d : spec.devices()) {
            for (Literal m : d.match()) {
                List<BoardTree.Node> nodes = board.tree().nodesMatching(m.value());
                if (nodes.isEmpty()) {
                    s.unmatched.add(m.value());
                    continue;
                }
                BoardTree.Node n = nodes.stream()
                        .filter(BoardTree.Node::enabled)
                        .findFirst()
                        .orElse(nodes.get(0));
                if (builtIn.contains(m.value())) {
                    s.notes.add(
                            n.path() + ": its compatible \"" + m.value() + "\" is built into the guest's kernel, whose"
                                    + " driver would take a stand-in: no stand-in (the test build's " + d.name()
                                    + "@match plays it)");
                } else if (seen.add(n.path())) {
                    s.add(spec, n, m.value(), labels, machine);
                }
            }
        }
        return s;
    }

    private void add(Spec spec, BoardTree.Node n, String match, Set<String> labels, GuestMachine machine) {
        List<String> compatible = new ArrayList<>();
        if (n.compatible().contains(match)) {
            compatible.add(match);
        }
        compatible.add(TEST_IMPORTER);
        Device d = identify(spec, compatible, n.devName()).orElseThrow();
        if (d.match().get(0).value().equals(n.devName())) {
            // cen_test.c registers <device>@match under the first match string: a second device of that name collides
            notes.add(n.path() + ": matched by its dev_name \"" + n.devName()
                    + "\", the name the test build gives its own" + " stand-in " + d.name()
                    + "@match (which plays it in the replays): no stand-in at the board's place");
            return;
        }
        String label = d.name();
        for (int i = 2; !labels.add(label); i++) {
            label = d.name() + "-" + i;
        }
        if (n.dma().isPresent() && n.dma().get().isEmpty()) {
            notes.add(n.path() + ": the dma-ranges above it translate nothing: no stand-in");
            return;
        }
        if (n.dma().isPresent() && n.dma().get().stream().anyMatch(w -> !Dts.fits(w.phys(), machine.rootCells()))) {
            notes.add(n.path() + ": its DMA window lands above 4 GiB, which qemu's " + machine.name()
                    + " cannot address: no stand-in");
            return;
        }
        int bits = n.iommu().isPresent() || n.dma().isEmpty()
                ? d.dmaBits()
                : 64 - Long.numberOfLeadingZeros(DmaView.busLimit(n.dma().get()));
        standIns.add(new StandIn(n, compatible, d, label, bits));
        n.iommu()
                .ifPresent(i -> notes.add(n.path() + ": behind the IOMMU " + i + ", which qemu's machine lacks for"
                        + " platform devices: its stand-in maps without one (" + bits + "-bit DMA mask)"));
        if (!n.enabled()) {
            notes.add(
                    n.path() + ": disabled on the board (its driver never binds there): its stand-in proves the match");
        }
        if (n.cpuAddress().isEmpty()) {
            notes.add(n.path() + ": no CPU address: its stand-in's dev_name() differs from the board's");
        }
    }

    /**
     * The spec device the runtime takes a device of these compatible strings and dev_name for:
     * the first (in spec order) with a match string among them, as cen_identify does.
     */
    static Optional<Device> identify(Spec spec, List<String> compatible, String devName) {
        for (Device d : spec.devices()) {
            for (Literal m : d.match()) {
                if (compatible.contains(m.value()) || devName.equals(m.value())) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    List<StandIn> standIns() {
        return standIns;
    }

    List<String> notes() {
        return notes;
    }

    /** Match strings that name no node of the board. */
    List<String> unmatched() {
        return unmatched;
    }

    /** The devicetree source of the stand-ins: one bus per board parent, under the root. */
    String dts(GuestMachine m) {
        Map<String, List<StandIn>> byParent = new LinkedHashMap<>();
        standIns.forEach(s -> byParent.computeIfAbsent(s.node().parentPath(), k -> new ArrayList<>())
                .add(s));
        StringBuilder b = new StringBuilder();
        int bus = 0;
        for (List<StandIn> group : byParent.values()) {
            b.append("\tcenspec-board-").append(bus++).append(" {\n");
            b.append("\t\t// the board's ")
                    .append(group.get(0).node().parentPath())
                    .append('\n');
            b.append(
                    "\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tranges;\n");
            group.get(0)
                    .node()
                    .dma()
                    .ifPresent(w ->
                            b.append("\t\tdma-ranges = <").append(windows(w, m)).append(">;\n"));
            group.forEach(s -> node(b, s));
            b.append("\t};\n");
        }
        return b.toString();
    }

    private static void node(StringBuilder b, StandIn s) {
        BoardTree.Node n = s.node();
        b.append("\n\t\t").append(n.fullName()).append(" {\n");
        b.append("\t\t\tcompatible = ")
                .append(String.join(
                        ", ", s.compatible().stream().map(c -> "\"" + c + "\"").toList()))
                .append(";\n");
        n.cpuAddress()
                .ifPresent(a -> b.append("\t\t\treg = <")
                        .append(Dts.cells(a, 2))
                        .append(' ')
                        .append(Dts.cells(n.regSize().orElse(0x1000L), 2))
                        .append(">;\n"));
        b.append("\t\t\tlabel = \"").append(s.label()).append("\";\n");
        b.append("\t\t\tcenspec,dma-bits = <").append(s.dmaBits()).append(">;\n");
        if (n.coherent()) {
            b.append("\t\t\tdma-coherent;\n");
        } else {
            b.append("\t\t\tdma-noncoherent;\n");
        }
        b.append("\t\t};\n");
    }

    private static String windows(List<BoardTree.DmaWindow> ws, GuestMachine m) {
        List<String> out = new ArrayList<>();
        for (BoardTree.DmaWindow w : ws) {
            out.add(Dts.cells(w.bus(), 2) + " " + Dts.cells(w.phys(), m.rootCells()) + " " + Dts.cells(w.length(), 2));
        }
        return String.join(" ", out);
    }
}
