package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.censpec.codegen.emit.Identifiers;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Literal;
import org.censpec.model.Operation;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.Errno;
import org.censpec.model.semantics.HeapNames;
import org.censpec.model.semantics.KernelAnswers;
import org.censpec.verify.direct.ExecutionWalker;

/**
 * The importer plan of prove/guest/README.md: the guest's own unmodified importers, vivid's
 * capture node (contiguous instance, platform device {@code vivid.0}) and vgem (DRM PRIME),
 * driven in the orders of the spec's flows when its devices are matched to them, each result
 * predicted by the model; and, on every heap the CPU may read, vivid's vmalloc instance, which
 * only vmaps the buffer.
 *
 * <p>A real importer attaches and maps in one call (QBUF, PRIME import) and unmaps and detaches in
 * one (REQBUFS 0, GEM_CLOSE): an execution is driven only when each matched device's attach is
 * directly followed by its map (or fails) and its unmap by its detach; the others are counted as
 * not realizable by those drivers. vgem since 6.15 imports without mapping
 * ({@code drm_gem_shmem_prime_import_no_map}; Debian's 7.2): there its import is an attach alone
 * and its close a detach alone, and an execution in which it maps cannot be taken. The model's
 * result of the attach is the call's result (the exporter's errno reaches userspace unchanged from
 * both drivers).
 */
public final class ImporterPlan {
    /** vivid's instances (boot-guest.sh --kmod): 0 uses vb2-dma-contig, 1 vb2-vmalloc. */
    public static final String VIVID_KMOD = "vivid n_devs=2 node_types=0x1,0x1 allocators=1,0";

    static final String VIVID_CONTIG_NODE = "vivid-000-vid-cap";
    static final String VIVID_VMALLOC_NODE = "vivid-001-vid-cap";
    /** 640x480 YUYV: the frame importer_drive asks vivid for. */
    static final long FRAME = 640L * 480 * 2;

    /** A guest importer: the match string that names its device, and its two commands. */
    enum Importer {
        VIVID("vivid.0", "qbuf " + VIVID_CONTIG_NODE, "release " + VIVID_CONTIG_NODE),
        VGEM("vgem", "import", "unimport");

        final String match;
        final String take;
        final String drop;

        Importer(String match, String take, String drop) {
            this.match = match;
            this.take = take;
            this.drop = drop;
        }

        static Optional<Importer> of(Device d) {
            for (Importer i : values()) {
                if (d.match().stream().map(Literal::value).anyMatch(i.match::equals)) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        }
    }

    /** What one plan line must print. */
    public record Expected(String command, String result, String scenario) {}

    private final Spec spec;
    private final Acceptance acceptance;
    /** The target's prediction (a flow's map lands where ReplayPlan says); null for a plan that drives nothing. */
    private final Prediction prediction;

    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, Expected> expected = new LinkedHashMap<>();
    private final List<String> notDriven = new ArrayList<>();
    private int line;
    private int executions;
    private int unrealizable;

    /** vgem's PRIME import maps the buffer (up to 6.14; kernel-facts.sh vgem_import_maps). */
    private final boolean vgemMaps;

    private ImporterPlan(Spec spec, Prediction prediction, boolean vgemMaps) {
        this.spec = spec;
        this.vgemMaps = vgemMaps;
        this.acceptance = new Acceptance(spec);
        this.prediction = prediction;
    }

    /**
     * The plan for {@code spec} on a target whose contiguous memory is {@code memory}; the vmalloc
     * scenario runs on each heap whose ABI expectation ({@link ReplayPlan#abiExpectations}) lets the
     * CPU read a frame.
     */
    public static ImporterPlan of(Spec spec, ReplayPlan replay, int limitPerFlow, boolean vgemMaps) {
        ImporterPlan p = new ImporterPlan(spec, replay.prediction(), vgemMaps);
        for (Flow f : spec.flows()) {
            p.flow(f, limitPerFlow);
        }
        List<String> words = replay.abiExpectations();
        for (int i = 0; i + 1 < words.size(); i += 2) {
            if (words.get(i).equals("--expect")) {
                String[] heapAndWhat = words.get(i + 1).split("=", 2);
                p.vmallocCapture(heapAndWhat[0], heapAndWhat[1], replay.vmapBacks(heapAndWhat[0], FRAME));
            }
        }
        p.vb2LeakProbe();
        return p;
    }

    /**
     * After a plan in which vivid's contiguous node refuses an attach, one probe of whether the
     * kernel's videobuf2 keeps a reference to a dma-buf whose attach failed, on a buffer of vgem's
     * own (importer_drive's vb2-leak-probe): where it does, the module's refused buffers stay
     * alive and hold the module, which {@link Vb2AttachLeak} tells apart from the module's own leaks.
     */
    private void vb2LeakProbe() {
        String take = Importer.VIVID.take;
        boolean refused = expected.values().stream()
                .anyMatch(e -> e.command().equals(take) && !e.result().equals("rc=0"));
        if (refused) {
            String scenario = "videobuf2 after a failed attach (vgem's own buffer, no module buffer)";
            emit("# " + scenario);
            command("vb2-leak-probe " + VIVID_CONTIG_NODE, "rc=0", scenario);
        }
    }

    /** No plan: nothing is driven, for the reason given. */
    public static ImporterPlan none(Spec spec, String reason) {
        ImporterPlan p = new ImporterPlan(spec, null, true);
        p.notDriven.add(reason);
        return p;
    }

    public String text() {
        return text.toString();
    }

    public Map<Integer, Expected> expected() {
        return expected;
    }

    /** Flow executions driven. */
    public int executions() {
        return executions;
    }

    /** Flow executions whose order the real importers cannot take (attach and map apart). */
    public int unrealizable() {
        return unrealizable;
    }

    /** Why flows or heaps were not driven, one line each. */
    public List<String> notDriven() {
        return notDriven;
    }

    /** Whether any spec device is matched to a guest importer (the boot then loads vivid too). */
    public boolean drivesFlows() {
        return spec.devices().stream().anyMatch(d -> Importer.of(d).isPresent());
    }

    private void flow(Flow f, int limit) {
        Share share = spec.share(f.share().name()).orElseThrow();
        Set<String> unmatched = new LinkedHashSet<>();
        share.devices()
                .forEach(r -> spec.device(r.name())
                        .filter(d -> Importer.of(d).isEmpty())
                        .ifPresent(d -> unmatched.add(d.name())));
        if (unmatched.size() == share.devices().size()) {
            return;
        }
        if (!unmatched.isEmpty()) {
            notDriven.add("flow " + f.name() + ": device(s) " + String.join(", ", unmatched)
                    + " match no guest importer (vivid.0, vgem)");
            return;
        }
        drive(f, Identifiers.heapName(HeapNames.of(spec, null)), acceptance.all(), limit);
        if (acceptance.shareMask(share) != 0) {
            drive(f, Identifiers.heapName(HeapNames.of(spec, share)), acceptance.shareMask(share), limit);
        }
    }

    private void drive(Flow f, String heap, long initialMask, int limit) {
        if (FRAME > heapMax(heap)) {
            notDriven.add("flow " + f.name() + " on heap " + heap + ": a " + FRAME
                    + "-byte frame is longer than its max_size");
            return;
        }
        ExecutionWalker.Result<TargetFlows.Event> r = TargetFlows.of(prediction, f, initialMask, limit);
        int n = 0;
        for (List<TargetFlows.Event> execution : r.executions()) {
            n++;
            List<String[]> commands = realize(execution);
            if (commands == null) {
                unrealizable++;
                continue;
            }
            executions++;
            String scenario = "flow " + f.name() + " heap " + heap + " execution " + n + "/"
                    + r.executions().size();
            emit("# " + scenario);
            command("new " + heap + " " + FRAME, "rc=0", scenario);
            for (String[] c : commands) {
                command(c[0], c[1], scenario);
            }
            command("free", "rc=0", scenario);
        }
    }

    /**
     * The commands that play {@code execution} on the real importers, each with its predicted
     * result, then a capture on vivid when it still holds the buffer; null when the importers
     * cannot take this order.
     */
    private List<String[]> realize(List<TargetFlows.Event> execution) {
        List<String[]> out = new ArrayList<>();
        Set<Importer> holding = new LinkedHashSet<>();
        for (int i = 0; i < execution.size(); i++) {
            TargetFlows.Event e = execution.get(i);
            DeviceStep s = e.step();
            Importer imp =
                    Importer.of(spec.device(s.device().name()).orElseThrow()).orElseThrow();
            boolean maps = imp != Importer.VGEM || vgemMaps;
            Operation pair = !maps
                    ? null
                    : s.op() == Operation.ATTACH ? Operation.MAP : s.op() == Operation.UNMAP ? Operation.DETACH : null;
            boolean alone = !maps && (s.op() == Operation.ATTACH || s.op() == Operation.DETACH);
            if (pair == null && !alone) {
                return null;
            }
            if (e.failed()) {
                // only the exporter's own refusals reach userspace through a real importer
                Optional<Errno> refusal =
                        e.outOfMemory() ? Optional.empty() : KernelAnswers.exporterRefusal(e.outcome());
                if (refusal.isEmpty()) {
                    return null;
                }
                out.add(new String[] {
                    s.op() == Operation.ATTACH ? imp.take : imp.drop,
                    "rc=" + refusal.get().rc()
                });
                break;
            }
            if (!alone) {
                TargetFlows.Event next = i + 1 < execution.size() ? execution.get(i + 1) : null;
                if (next == null
                        || next.step().op() != pair
                        || !next.step().device().name().equals(s.device().name())
                        || next.failed()) {
                    return null;
                }
                i++;
            }
            out.add(new String[] {s.op() == Operation.ATTACH ? imp.take : imp.drop, "rc=0"});
            if (s.op() == Operation.ATTACH) {
                holding.add(imp);
            } else {
                holding.remove(imp);
            }
        }
        if (holding.contains(Importer.VIVID)) {
            out.add(new String[] {"capture " + VIVID_CONTIG_NODE, "rc=0 frames=1 pattern=ok"});
        }
        return out;
    }

    /**
     * vivid's vmalloc instance writes a frame through the exporter's vmap of a fresh buffer of
     * {@code heap}, which the vmap backs when it {@code fits} ({@link ReplayPlan#vmapBacks}).
     */
    private void vmallocCapture(String heap, String cpuAccess, boolean fits) {
        if (cpuAccess.equals("protected")) {
            notDriven.add("heap " + heap + ": protected memory, no CPU access for vivid's vmalloc instance");
            return;
        }
        if (FRAME > heapMax(heap)) {
            notDriven.add("heap " + heap + ": a " + FRAME + "-byte frame is longer than its max_size");
            return;
        }
        String scenario = "vivid vmalloc instance (vmap only) on heap " + heap;
        emit("# " + scenario);
        command("new " + heap + " " + FRAME, "rc=0", scenario);
        command("qbuf " + VIVID_VMALLOC_NODE, fits ? "rc=0" : "rc=" + Errno.EFAULT.rc(), scenario);
        if (fits) {
            command("capture " + VIVID_VMALLOC_NODE, "rc=0 frames=1 pattern=ok", scenario);
        }
        command("free", "rc=0", scenario);
    }

    /** The longest buffer the heap of node {@code heap} allocates. */
    private long heapMax(String heap) {
        return prediction.heapMaxOfNode(heap);
    }

    private void emit(String s) {
        text.append(s).append('\n');
        line++;
    }

    private void command(String cmd, String result, String scenario) {
        emit(cmd);
        expected.put(line, new Expected(cmd, result, scenario));
    }
}
