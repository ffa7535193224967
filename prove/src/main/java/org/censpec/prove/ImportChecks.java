package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Device;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.HeapNames;
import org.censpec.tools.dt.BoardTree;

/**
 * The devicetree test importers' results (importer_check, arm64) judged by the prediction:
 * every {@code censpec,test-importer} node of the guest's own devicetree is a device the
 * runtime recognises by a {@code match} string (it gets its spec device's mask, or none when
 * its DMA reach does not keep the spec's promise) or by what the DMA API says of it (the
 * derived mask). importer_check allocates a buffer per heap and size and imports it into the
 * importers in turn, so its attach and map results follow the buffer: the first map backs it
 * where the {@link Prediction} says, later attaches are judged against that allocator.
 */
final class ImportChecks {
    /** What the runtime makes of one importer node. */
    record Importer(String label, String path, Optional<Device> matched, long mask) {
        String how() {
            return matched.map(d -> d.name() + " by match").orElse("by the DMA API, mask 0x" + Long.toHexString(mask));
        }
    }

    private final Spec spec;
    private final Prediction prediction;
    private final Acceptance acceptance;
    private final Map<String, Importer> importers = new LinkedHashMap<>();

    ImportChecks(Prediction prediction, BoardTree guest) {
        this.spec = prediction.spec();
        this.prediction = prediction;
        this.acceptance = new Acceptance(spec);
        for (BoardTree.Node n : guest.nodesMatching(StandIns.TEST_IMPORTER)) {
            String label = guest.string(n.path(), "label").orElse(n.devName());
            int bits =
                    guest.u32(n.path(), "censpec,dma-bits").map(Long::intValue).orElse(32);
            DmaView view = view(n, bits);
            Optional<Device> d = StandIns.identify(spec, n.compatible(), n.devName());
            long mask = d.map(x -> view.matchedMask(spec, x)).orElse(view.derivedMask(spec));
            importers.put("censpec_importer_" + label, new Importer(label, n.path(), d, mask));
        }
    }

    /** The DMA API's view of a test importer node of {@code bits}-bit DMA mask (no IOMMU in the guest). */
    static DmaView view(BoardTree.Node n, int bits) {
        long mask = DmaView.bitMask(bits);
        if (n.dma().isEmpty()) {
            return new DmaView(mask, Optional.empty(), false);
        }
        long bus = DmaView.busLimit(n.dma().get());
        long limit = bus == 0 || Long.compareUnsigned(mask, bus) < 0 ? mask : bus;
        return new DmaView(limit, n.dma(), false);
    }

    Map<String, Importer> importers() {
        return importers;
    }

    /** One check per importer (and one for the allocations), in the guest's order. */
    List<ProveReport.Check> judge(List<BootLines.Import> lines) {
        return judge(lines, LeftOutStandIns.NONE);
    }

    /**
     * As {@link #judge(List)}; an importer of a spec device the kernel refused the test build's
     * stand-in a DMA mask for ({@link LeftOutStandIns}) that did not bind fails with that cause:
     * the test importer asks for the same mask.
     */
    List<ProveReport.Check> judge(List<BootLines.Import> lines, LeftOutStandIns leftOut) {
        Map<String, List<ProveReport.Failure>> failures = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        importers.keySet().forEach(k -> counts.put(k, new int[2]));
        counts.put("", new int[2]);
        Buffer buf = null;
        for (BootLines.Import l : lines) {
            if (buf == null
                    || !buf.heap.equals(l.heap())
                    || buf.size != l.size()
                    || l.importer().isEmpty()) {
                buf = new Buffer(l.heap(), l.size());
            }
            String why = l.importer().isEmpty() ? buf.allocation(l) : buf.imported(l, importers.get(l.importer()));
            int[] c = counts.computeIfAbsent(l.importer(), k -> new int[2]);
            c[why == null ? 0 : 1]++;
            if (why != null) {
                failures.computeIfAbsent(l.importer(), k -> new ArrayList<>())
                        .add(new ProveReport.Failure(
                                "import " + l.heap() + " size=" + l.size()
                                        + (l.importer().isEmpty() ? "" : " into " + l.importer()),
                                "test importer",
                                "",
                                why,
                                render(l.fields()),
                                ProveReport.Cause.MODULE,
                                ""));
            }
        }
        List<ProveReport.Check> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            Importer imp = importers.get(e.getKey());
            int[] c = e.getValue();
            List<ProveReport.Failure> f = failures.getOrDefault(e.getKey(), List.of());
            if (imp != null && c[0] + c[1] == 0) {
                java.util.Optional<LeftOutStandIns.LeftOut> absent =
                        imp.matched().flatMap(d -> leftOut.absentDevice(d.name()));
                f = List.of(new ProveReport.Failure(
                        "importer " + imp.label(),
                        "test importer",
                        "",
                        "bound and imported into",
                        "no import: " + imp.path() + " did not bind the test importer",
                        absent.map(leftOut::cause).orElse(ProveReport.Cause.TARGET),
                        absent.map(l -> "the test importer asks for the DMA mask of the absent device: "
                                        + leftOut.why(l))
                                .orElse("")));
                c[1] = 1;
            }
            if (c[0] + c[1] > 0) {
                String name = e.getKey().isEmpty() ? "allocations" : "importer " + imp.label() + " (" + imp.how() + ")";
                out.add(new ProveReport.Check("importers", name, c[0], c[1], f));
            }
        }
        return out;
    }

    private static String render(Map<String, String> fields) {
        List<String> w = new ArrayList<>();
        fields.forEach((k, v) -> w.add(v.isEmpty() ? k : k + "=" + v));
        return String.join(" ", w);
    }

    /** One buffer of importer_check as the runtime keeps it. */
    private final class Buffer {
        final String heap;
        final long size;
        long mask;
        int alloc = -1;

        Buffer(String heap, long size) {
            this.heap = heap;
            this.size = size;
            this.mask = initialMask(heap);
        }

        /** The line that says the allocation failed: only a length beyond the heap's max_size may. */
        String allocation(BootLines.Import l) {
            boolean refused = size > heapMax(heap);
            String errno = l.fields().getOrDefault("errno", "");
            return refused && errno.equals("22")
                    ? null
                    : refused ? "alloc refused with errno 22 (longer than the heap's max_size)" : "alloc succeeds";
        }

        /** Null when the import's attach and map are as predicted, else the prediction. */
        String imported(BootLines.Import l, Importer imp) {
            if (imp == null) {
                return "an importer of the guest's devicetree";
            }
            int attach = attach(imp.mask());
            int map = attach == 0 ? map() : 0;
            boolean same = String.valueOf(attach).equals(l.fields().get("attach"))
                    && String.valueOf(map).equals(l.fields().get("map"));
            return same ? null : "attach=" + attach + " map=" + map + " (" + imp.how() + ")";
        }

        private int attach(long dm) {
            if (alloc >= 0 && (dm & (1L << alloc)) == 0) {
                return -ReplayPlan.EBUSY;
            }
            if ((mask & dm) == 0) {
                return -ReplayPlan.EINVAL;
            }
            mask &= dm;
            return 0;
        }

        private int map() {
            if (alloc < 0) {
                alloc = prediction.choose(mask, size).allocator();
            }
            return alloc < 0 ? -ReplayPlan.ENOMEM : 0;
        }
    }

    private long initialMask(String heap) {
        return prediction.heapOfNode(heap).map(HeapNames.Heap::mask).orElse(acceptance.all());
    }

    private long heapMax(String heap) {
        return prediction.heapMaxOfNode(heap);
    }
}
