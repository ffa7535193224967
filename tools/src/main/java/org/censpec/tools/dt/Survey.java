package org.censpec.tools.dt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The DMA masters of a devicetree, sorted for the spec: the devices through which importers
 * attach dma-bufs (each with the nodes it stands for), the masters that import none, and the
 * masters of unknown kind. Disabled nodes are kept (the spec shows them commented out).
 */
final class Survey {
    /** The device a driver attaches buffers through: a node's, or one its driver creates. */
    sealed interface Attacher {
        record OfNode(DtNode node) implements Attacher {}

        /** A device the driver creates ({@code dev_name} {@code devName}), DMA configured from {@code dmaFrom}. */
        record Virtual(String devName, DtNode dmaFrom) implements Attacher {}
    }

    /** A node that imports dma-bufs, the rule that says so, and whether it (and every parent) is enabled. */
    record Member(DtNode node, KnownMasters.Rule rule, boolean enabled) {}

    /**
     * One spec device: what attaches, the node its DMA (bus limits, IOMMU) is configured from,
     * and the nodes it stands for (tree order).
     */
    record Device(Attacher attacher, DtNode dmaNode, List<Member> members) {
        boolean anyMemberEnabled() {
            return members.stream().anyMatch(Member::enabled);
        }
    }

    record Result(
            List<Device> devices,
            List<Member> nonImporters,
            List<DtNode> unknown,
            List<DtNode> weakUnknown,
            Map<DtNode, Boolean> enabledMap) {
        /** Whether a node and every node above it are enabled ({@code status} absent or okay). */
        boolean enabled(DtNode n) {
            return enabledMap.getOrDefault(n, n.enabled());
        }
    }

    private static final Set<String> STRONG =
            Set.of("iommus", "memory-region", "dma-coherent", "dma-noncoherent", "#dma-cells");
    private static final Set<String> PROVIDERS = Set.of(
            "interrupt-controller",
            "gpio-controller",
            "#clock-cells",
            "#pwm-cells",
            "#reset-cells",
            "#phy-cells",
            "#power-domain-cells",
            "#thermal-sensor-cells",
            "#mbox-cells",
            "#interrupt-cells",
            "#gpio-cells",
            "#iommu-cells");
    private static final Set<MasterKind> ALWAYS_DMA =
            Set.of(MasterKind.DMA_ENGINE, MasterKind.USB, MasterKind.PCIE, MasterKind.STORAGE, MasterKind.NETWORK);

    private final DeviceTree tree;
    private final Consumer<String> warn;
    private final List<DtNode> order = new ArrayList<>();
    private final Map<DtNode, Boolean> enabled = new IdentityHashMap<>();
    private final Map<DtNode, DtNode> subsystemOf = new IdentityHashMap<>();
    private final List<Member> importers = new ArrayList<>();
    private final List<Member> nonImporters = new ArrayList<>();
    private final List<DtNode> unknown = new ArrayList<>();
    private final List<DtNode> weakUnknown = new ArrayList<>();

    private Survey(DeviceTree tree, Consumer<String> warn) {
        this.tree = tree;
        this.warn = warn;
    }

    static Result of(DeviceTree tree, Consumer<String> warn) {
        Survey s = new Survey(tree, warn);
        s.walk(tree.root(), true);
        s.indexDisplaySubsystems();
        return new Result(s.group(), s.nonImporters, s.unknown, s.weakUnknown, s.enabled);
    }

    private void walk(DtNode n, boolean parentEnabled) {
        for (DtNode c : n.children()) {
            boolean on = parentEnabled && c.enabled();
            order.add(c);
            enabled.put(c, on);
            if (n.parent().isEmpty() && isNotADevice(c)) {
                continue;
            }
            sort(c, n, on);
            walk(c, on);
        }
    }

    private static boolean isNotADevice(DtNode c) {
        return Set.of("reserved-memory", "cpus", "aliases", "chosen", "__symbols__", "memory")
                        .contains(c.baseName())
                || "memory".equals(c.string("device_type").orElse(null));
    }

    private void sort(DtNode c, DtNode parent, boolean on) {
        if (c.has("#iommu-cells") || c.strings("compatible").isEmpty()) {
            return; // an IOMMU is not a master of buffers; a node without a compatible is no device
        }
        Optional<KnownMasters.Rule> rule = KnownMasters.classify(c);
        if (rule.isPresent()) {
            MasterKind kind = rule.get().kind();
            if (kind.importsDmaBufs()) {
                importers.add(new Member(c, rule.get(), on));
            } else if (kind != MasterKind.NO_DMA
                    && on
                    && (ALWAYS_DMA.contains(kind) || evidence(c, parent) != Evidence.NONE)) {
                nonImporters.add(new Member(c, rule.get(), true));
            }
            return;
        }
        if (!on) {
            return;
        }
        switch (evidence(c, parent)) {
            case STRONG -> unknown.add(c);
            case WEAK -> weakUnknown.add(c);
            default -> {}
        }
    }

    enum Evidence {
        NONE,
        WEAK,
        STRONG
    }

    /** Whether a node looks like a DMA master: DMA properties (strong), or a device under a DMA bus (weak). */
    static Evidence evidence(DtNode c, DtNode parent) {
        if (STRONG.stream().anyMatch(c::has)) {
            return Evidence.STRONG;
        }
        boolean underDmaBus =
                parent.property("dma-ranges").map(v -> v.length > 0).orElse(false);
        if (!underDmaBus
                || c.strings("compatible").isEmpty()
                || c.has("dmas")
                || !(c.has("interrupts") || c.has("interrupts-extended"))
                || PROVIDERS.stream().anyMatch(c::has)) {
            return Evidence.NONE;
        }
        return Evidence.WEAK;
    }

    /** The display controllers each DRM display subsystem names in its {@code ports} or {@code allwinner,pipelines}. */
    private void indexDisplaySubsystems() {
        for (Member m : importers) {
            if (m.rule().kind() != MasterKind.DISPLAY_SUBSYSTEM) {
                continue;
            }
            for (String prop : List.of("ports", "allwinner,pipelines")) {
                for (long ph : tree.cells(m.node(), prop)) {
                    Optional<DtNode> target = tree.byPhandle(ph);
                    if (target.isEmpty()) {
                        warn.accept(m.node().path() + ": " + prop + " phandle 0x" + Long.toHexString(ph)
                                + " names no node");
                        continue;
                    }
                    subsystemOf.put(withCompatible(target.get()), m.node());
                }
            }
        }
    }

    private static DtNode withCompatible(DtNode n) {
        DtNode at = n;
        while (at.strings("compatible").isEmpty()
                && at.parent().isPresent()
                && at.parent().get().parent().isPresent()) {
            at = at.parent().get();
        }
        return at;
    }

    private List<Device> group() {
        Map<Object, Attacher> attachers = new LinkedHashMap<>();
        Map<Object, List<Member>> members = new HashMap<>();
        for (Member m : importers) {
            Attacher a = attacher(m);
            Object key = a instanceof Attacher.OfNode o ? o.node() : ((Attacher.Virtual) a).devName();
            attachers.putIfAbsent(key, a);
            members.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
        }
        List<Device> out = new ArrayList<>();
        for (Map.Entry<Object, Attacher> e : attachers.entrySet()) {
            out.add(new Device(e.getValue(), dmaNode(e.getValue()), List.copyOf(members.get(e.getKey()))));
        }
        out.sort((x, y) -> Integer.compare(position(x), position(y)));
        return out;
    }

    /** The node a device's DMA is configured from: its own, or the one its rule names (vc4: the HVS). */
    private DtNode dmaNode(Attacher a) {
        if (a instanceof Attacher.Virtual v) {
            return v.dmaFrom();
        }
        DtNode n = ((Attacher.OfNode) a).node();
        Optional<java.util.regex.Pattern> from = KnownMasters.classify(n).flatMap(KnownMasters.Rule::dmaFrom);
        return from.flatMap(p -> order.stream()
                        .filter(x -> x.strings("compatible").stream()
                                .anyMatch(c -> p.matcher(c).matches()))
                        .findFirst())
                .orElse(n);
    }

    /** Tree position of a device: its node's, or its first member's. */
    private int position(Device d) {
        DtNode n = d.attacher() instanceof Attacher.OfNode o
                ? o.node()
                : d.members().get(0).node();
        return order.indexOf(n);
    }

    private Attacher attacher(Member m) {
        KnownMasters.Via via = m.rule().via();
        if (via instanceof KnownMasters.Via.DisplaySubsystem) {
            return new Attacher.OfNode(subsystemOf.getOrDefault(m.node(), m.node()));
        }
        if (via instanceof KnownMasters.Via.FirstCompatible f) {
            List<DtNode> all = order.stream()
                    .filter(n -> n.strings("compatible").stream()
                            .anyMatch(c -> f.pattern().matcher(c).matches()))
                    .toList();
            return new Attacher.OfNode(
                    all.stream().filter(enabled::get).findFirst().orElse(all.isEmpty() ? m.node() : all.get(0)));
        }
        if (via instanceof KnownMasters.Via.DevName d) {
            return new Attacher.Virtual(
                    d.devName(),
                    importers.stream()
                            .filter(x -> x.rule() == m.rule() && x.enabled())
                            .map(Member::node)
                            .findFirst()
                            .orElse(m.node()));
        }
        if (via instanceof KnownMasters.Via.Dmas) {
            return new Attacher.OfNode(dmaEngine(m.node()).orElse(m.node()));
        }
        return new Attacher.OfNode(m.node());
    }

    private Optional<DtNode> dmaEngine(DtNode n) {
        List<Long> cells = tree.cells(n, "dmas");
        if (cells.isEmpty()) {
            warn.accept(n.path() + ": its driver imports through its DMA engine, but it has no dmas");
            return Optional.empty();
        }
        Optional<DtNode> engine = tree.byPhandle(cells.get(0));
        if (engine.isEmpty()) {
            warn.accept(n.path() + ": dmas phandle 0x" + Long.toHexString(cells.get(0)) + " names no node");
        }
        return engine;
    }
}
