package org.censpec.tools.dt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.parse.SpecText;

/**
 * Writes the devices of a {@link Survey}: one spec device per device that attaches dma-bufs
 * (its {@code match} naming that device, comments naming the nodes it stands for), disabled
 * ones commented out with how to enable them, then the masters that import no dma-buf and
 * those of unknown kind, as comments.
 */
final class DeviceWriter {
    /** Bits every devicetree platform device's DMA mask starts with (of_dma_configure). */
    static final int DEFAULT_MASK_BITS = 32;

    private final SpecLines out;
    private final Survey.Result survey;
    private final Reaches reaches;
    private final DeviceTree tree;
    private final boolean additions;
    private final Map<DtNode, String> poolNames;
    private final NameClaims claims;
    private final Map<Survey.Device, String> names = new LinkedHashMap<>();
    private final Map<String, Integer> compatibleUse = new HashMap<>();

    DeviceWriter(
            SpecLines out,
            Survey.Result survey,
            Reaches reaches,
            DeviceTree tree,
            boolean additions,
            Map<DtNode, String> poolNames,
            NameClaims claims) {
        this.out = out;
        this.survey = survey;
        this.reaches = reaches;
        this.tree = tree;
        this.additions = additions;
        this.poolNames = poolNames;
        this.claims = claims;
        nameDevices();
        for (Survey.Device d : survey.devices()) {
            if (d.attacher() instanceof Survey.Attacher.OfNode o) {
                o.node().strings("compatible").forEach(c -> compatibleUse.merge(c, 1, Integer::sum));
            }
        }
    }

    void write() {
        if (survey.devices().isEmpty()) {
            out.comment("No device that imports dma-bufs found (GPU, 2D engine, codec, camera, display, NPU).");
        }
        for (Survey.Device d : survey.devices()) {
            out.blank();
            device(d);
        }
        out.blank();
        nonImporters();
        unknowns();
    }

    private void nameDevices() {
        Map<String, Integer> base = new HashMap<>();
        for (Survey.Device d : survey.devices()) {
            base.merge(baseName(d), 1, Integer::sum);
        }
        for (Survey.Device d : survey.devices()) {
            String b = baseName(d);
            String unit =
                    d.attacher() instanceof Survey.Attacher.OfNode o ? o.node().unitAddress() : "";
            String n = base.get(b) > 1 && !unit.isEmpty()
                    ? b + "_" + unit.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_")
                    : b;
            names.put(d, claims.claim("device", DtImporter.identifier(n)));
        }
    }

    private static String baseName(Survey.Device d) {
        return DtImporter.identifier(
                d.attacher() instanceof Survey.Attacher.OfNode o
                        ? o.node().baseName()
                        : ((Survey.Attacher.Virtual) d.attacher()).devName());
    }

    /** One device block, active, or commented out when what it stands for is disabled. */
    private void device(Survey.Device d) {
        boolean attacherOn = !(d.attacher() instanceof Survey.Attacher.OfNode o) || survey.enabled(o.node());
        Block b = block(d);
        if (attacherOn && d.anyMemberEnabled()) {
            b.emit(out);
            return;
        }
        List<String> off = d.members().stream()
                .map(Survey.Member::node)
                .filter(n -> !survey.enabled(n))
                .map(DtNode::path)
                .toList();
        out.comment(
                "disabled: " + String.join(", ", off) + " (status \"disabled\" here); to use it, set status = \"okay\""
                        + " in the board's .dts or an overlay, then uncomment:");
        b.emitCommented(out);
    }

    /** The lines of a device block: code and comment pairs, and comment-only lines. */
    static final class Block {
        private final List<String[]> lines = new ArrayList<>();

        void line(String code, String comment) {
            lines.add(new String[] {code, comment});
        }

        void comment(String text) {
            lines.add(new String[] {null, text});
        }

        void emit(SpecLines out) {
            for (String[] l : lines) {
                if (l[0] == null) {
                    out.comment("    " + l[1]);
                } else {
                    out.line(l[0], l[1]);
                }
            }
        }

        void emitCommented(SpecLines out) {
            for (String[] l : lines) {
                out.commentedOut(l[0] == null ? "    // " + l[1] : l[0], l[0] == null ? null : l[1]);
            }
        }
    }

    private Block block(Survey.Device d) {
        Block b = new Block();
        DtNode dma = d.dmaNode();
        b.line("device " + names.get(d) + " {", headline(d));
        Set<String> notes = new HashSet<>();
        d.members().stream().filter(m -> isAttacher(d, m)).forEach(m -> standsFor(b, d, m, notes));
        d.members().stream().filter(m -> !isAttacher(d, m)).forEach(m -> standsFor(b, d, m, notes));
        if (dma != attacherNode(d).orElse(null)) {
            b.comment("its DMA (bus limits, IOMMU) is configured from " + dma.path());
        }
        Reaches.Reach reach = reaches.of(dma);
        reach.via().forEach(v -> b.comment(dma.path() + ": " + v));
        reachLines(b, dma, reach);
        matchLine(b, d);
        nodeNotes(b, dma);
        b.line("}", attacherNode(d).map(DtNode::path).orElse(names.get(d)));
        return b;
    }

    private static Optional<DtNode> attacherNode(Survey.Device d) {
        return d.attacher() instanceof Survey.Attacher.OfNode o ? Optional.of(o.node()) : Optional.empty();
    }

    private String headline(Survey.Device d) {
        List<String> kinds = java.util.stream.Stream.concat(
                        d.members().stream().filter(m -> isAttacher(d, m)), d.members().stream())
                .map(m -> m.rule().kind().words())
                .distinct()
                .toList();
        if (d.attacher() instanceof Survey.Attacher.Virtual v) {
            return "the device \"" + v.devName() + "\" its driver creates (" + String.join(", ", kinds) + ")";
        }
        DtNode n = attacherNode(d).orElseThrow();
        List<String> compatible = n.strings("compatible");
        return n.path() + (compatible.isEmpty() ? "" : " (" + compatible.get(0) + ")") + ": "
                + String.join(", ", kinds);
    }

    private static boolean isAttacher(Survey.Device d, Survey.Member m) {
        return attacherNode(d).filter(n -> n == m.node()).isPresent();
    }

    /** The comment on a member: its rule's note (once per block), and how to enable it when it is disabled. */
    private void standsFor(Block b, Survey.Device d, Survey.Member m, Set<String> notesSaid) {
        String note = m.rule().note().isEmpty() || !notesSaid.add(m.rule().note())
                ? ""
                : ": " + m.rule().note();
        String off = m.enabled()
                ? ""
                : "; disabled here: set status = \"okay\" on " + m.node().path()
                        + " (the board's .dts or an overlay) or it does not probe";
        if (isAttacher(d, m)) {
            if (!note.isEmpty()) {
                b.comment(note.substring(2));
            }
            return;
        }
        List<String> compatible = m.node().strings("compatible");
        b.comment("stands for " + m.node().path()
                + (compatible.isEmpty()
                        ? ""
                        : " (" + compatible.get(0) + ", " + m.rule().kind().words() + ")") + note + off);
    }

    private void reachLines(Block b, DtNode dma, Reaches.Reach reach) {
        Optional<DtNode> iommu = reaches.iommu(dma);
        if (iommu.isPresent()) {
            int bits = Math.min(DEFAULT_MASK_BITS, reach.iovaBits());
            String why = "IOVA width (" + reach.iovaWhy()
                    + "); behind an IOMMU it limits no allocator: the IOMMU maps any page";
            if (additions) {
                b.line("    dma_bits " + bits + ";", why);
                b.line("    iommu;", dma.path() + ": iommus = " + iommu.get().path());
            } else {
                b.line(
                        "    dma_bits " + bits + ";",
                        "behind the IOMMU " + iommu.get().path() + "; v1 has no `iommu;`: its " + bits
                                + "-bit DMA mask, which a v1 runtime holds it to");
                b.comment("dma_bits " + bits + "; iommu;  (language additions; " + why + ")");
            }
            return;
        }
        int bits = Math.min(DEFAULT_MASK_BITS, reach.physBits());
        String why = reach.physBits() <= DEFAULT_MASK_BITS
                ? reach.physWhy()
                : "a devicetree platform device's initial DMA mask; raise it to the driver's dma_set_mask() (its "
                        + "buses allow 2^" + reach.physBits() + ": " + reach.physWhy() + ")";
        b.line("    dma_bits " + bits + ";", why);
    }

    private void matchLine(Block b, Survey.Device d) {
        String match;
        String why;
        if (d.attacher() instanceof Survey.Attacher.Virtual v) {
            match = "match \"" + v.devName() + "\";";
            why = "the dev_name() of the device its driver creates";
        } else {
            DtNode n = attacherNode(d).orElseThrow();
            List<String> compatible = n.strings("compatible");
            List<String> unique = compatible.stream()
                    .filter(c -> compatibleUse.get(c) == 1)
                    .filter(c -> SpecText.string(c).isPresent())
                    .toList();
            Optional<String> devName = tree.cpuAddress(n)
                    .map(a -> a.toString(16) + "." + n.baseName())
                    .flatMap(SpecText::string);
            if (!unique.isEmpty()) {
                match = "match " + DtImporter.quoted(unique) + ";";
                why = n.path() + " compatible"
                        + (unique.size() < compatible.size() ? " (the strings no other device here has)" : "");
            } else if (devName.isPresent()) {
                match = "match " + devName.get() + ";";
                why = n.path() + ": its dev_name(); its compatible is shared with another device";
            } else {
                b.comment(
                        "no match: its compatible is shared (or cannot be a spec string) and it has no address to name it "
                                + "by; register it from its driver, or take its name from the runtime's log of unknown importers");
                return;
            }
        }
        if (additions) {
            b.line("    " + match, why);
        } else {
            b.comment(match + "  (language additions; " + why + ")");
        }
    }

    private void nodeNotes(Block b, DtNode dma) {
        for (long ph : tree.cells(dma, "memory-region")) {
            Optional<DtNode> region = tree.byPhandle(ph);
            String alloc = region.map(r -> Optional.ofNullable(poolNames.get(r))
                            .map(x -> "allocator " + x)
                            .orElse("not an allocator"))
                    .orElse("names no node");
            b.comment(dma.path() + ": memory-region = "
                    + region.map(DtNode::path).orElse("0x" + Long.toHexString(ph)) + " (" + alloc + ")");
        }
        if (dma.has("dma-coherent")) {
            b.comment(dma.path() + ": dma-coherent (snoops the CPU caches)");
        }
        if (dma.has("dma-noncoherent")) {
            b.comment(dma.path() + ": dma-noncoherent");
        }
    }

    /** The DMA masters that import no dma-buf, one comment line per kind. */
    private void nonImporters() {
        Map<MasterKind, List<String>> byKind = new LinkedHashMap<>();
        for (Survey.Member m : survey.nonImporters()) {
            byKind.computeIfAbsent(m.rule().kind(), k -> new ArrayList<>())
                    .add(m.node().path());
        }
        if (byKind.isEmpty()) {
            return;
        }
        out.comment("DMA masters that do not import dma-bufs, left out:");
        byKind.forEach((k, paths) -> wrapped("  " + k.words() + ": ", paths));
        out.blank();
    }

    /** Masters of unknown kind: commented out, never guessed. */
    private void unknowns() {
        for (DtNode n : survey.unknown()) {
            List<String> compatible = n.strings("compatible");
            out.comment("unknown kind: " + n.path()
                    + (compatible.isEmpty() ? "" : " (" + String.join(", ", compatible) + ")")
                    + " has DMA properties; if its driver imports dma-bufs, add a device for it:");
            Reaches.Reach reach = reaches.of(n);
            out.commentedOut(
                    "device " + DtImporter.identifier(n.baseName()) + " { dma_bits "
                            + Math.min(
                                    DEFAULT_MASK_BITS,
                                    reaches.iommu(n).isPresent() ? reach.iovaBits() : reach.physBits())
                            + ";"
                            + (reaches.iommu(n).isPresent() ? " iommu;" : "") + " }",
                    reach.physWhy());
        }
        if (!survey.weakUnknown().isEmpty()) {
            out.comment("On DMA buses (dma-ranges), of no kind known to import dma-bufs, left out:");
            wrapped("  ", survey.weakUnknown().stream().map(DtNode::path).toList());
        }
    }

    /** Comment lines of at most about 100 columns listing {@code items} after {@code head}. */
    private void wrapped(String head, List<String> items) {
        StringBuilder line = new StringBuilder(head);
        boolean empty = true;
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i + 1 < items.size() ? "," : "");
            if (!empty && line.length() + 1 + item.length() > 96) {
                out.comment(line.toString());
                line = new StringBuilder("   ");
                empty = true;
            }
            line.append(empty ? "" : " ").append(item);
            empty = false;
        }
        out.comment(line.toString());
    }
}
