package org.censpec.cli.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.TraceStep;
import org.censpec.verify.direct.Acceptance;
import org.censpec.verify.direct.BufferState;
import org.censpec.verify.direct.FlowLayout;
import org.censpec.verify.direct.Interleavings;

/**
 * (The prove command's copy of generated-driver's test ReplayPlan: one place once they merge.)
 * A replay file for the test build's control device (generated-driver/guest/README.md)
 * and, for every command line, the result the model predicts: the flows' interleavings
 * on the spec's generic heap (access mask starting with every allocator, as the model
 * assumes), the same on each share's heap (mask starting with the share's intersection),
 * and every counterexample trace the verifier reported.
 */
public final class ReplayPlan {
    static final int ENOENT = 2;
    static final int EBUSY = 16;
    static final int EINVAL = 22;

    /** What one control command must return. */
    public record Expected(String command, int rc, long mask, String alloc, String place, String scenario) {
        public String render() {
            return "rc=" + rc + " mask=0x" + Long.toHexString(mask) + " alloc=" + alloc + " place=" + place;
        }
    }

    private final Spec spec;
    private final Acceptance acceptance;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, Expected> expected = new LinkedHashMap<>();
    private int line;
    private int scenarios;
    private int truncatedFlows;
    private final List<String> syncs = new ArrayList<>();

    private ReplayPlan(Spec spec) {
        this.spec = spec;
        this.acceptance = new Acceptance(spec);
    }

    public static ReplayPlan of(Spec spec, List<Finding> findings, int limitPerFlow) {
        ReplayPlan p = new ReplayPlan(spec);
        for (Flow f : spec.flows()) {
            p.flow(f, spec.name(), p.acceptance.all(), limitPerFlow);
            Share share = spec.share(f.share().name()).orElseThrow();
            p.flow(f, share.name(), p.acceptance.shareMask(share), limitPerFlow);
        }
        for (Finding finding : findings) {
            if (!finding.trace().isEmpty()) {
                p.trace(finding);
            }
        }
        p.unregistered();
        p.cpuAccess();
        return p;
    }

    private void flow(Flow f, String heap, long initialMask, int limit) {
        Interleavings.Result r = Interleavings.of(spec, f, initialMask, limit);
        if (r.truncated()) {
            truncatedFlows++;
        }
        int n = 0;
        for (List<Interleavings.Event> execution : r.executions()) {
            n++;
            String scenario = "flow " + f.name() + " heap " + heap + " execution " + n + "/" + r.executions().size()
                    + (r.truncated() ? "+" : "");
            scenario(scenario, heap, initialMask, execution);
        }
    }

    /** Replays a verifier counterexample: its device steps in its order. */
    private void trace(Finding finding) {
        Flow flow = spec.elementAt(finding.loc()).filter(Flow.class::isInstance).map(Flow.class::cast)
                .orElseThrow(() -> new IllegalStateException("no flow for " + finding));
        FlowLayout layout = new FlowLayout(spec, flow, acceptance);
        List<Interleavings.Event> events = new ArrayList<>();
        BufferState state = BufferState.initial(acceptance.all());
        for (TraceStep t : finding.trace()) {
            Optional<DeviceStep> step = stepAt(flow, t);
            if (step.isEmpty()) {
                continue;
            }
            BufferState.Outcome o = layout.apply(state, step.get());
            events.add(new Interleavings.Event(t.actor(), step.get(), o.id(), o.failed() ? state : o.next()));
            if (o.failed()) {
                break;
            }
            state = o.next();
        }
        scenario("counterexample " + finding.id() + " at line " + finding.loc().line(), spec.name(), acceptance.all(), events);
    }

    private static Optional<DeviceStep> stepAt(Flow flow, TraceStep t) {
        for (var a : flow.actors()) {
            for (Step s : a.steps()) {
                if (s.loc().equals(t.loc()) && s instanceof DeviceStep d) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    private void scenario(String name, String heap, long initialMask, List<Interleavings.Event> events) {
        scenarios++;
        emit("# " + name);
        command("new " + heap, new Expected("new " + heap, 0, initialMask, "-", "-", name));
        for (Interleavings.Event e : events) {
            DeviceStep s = e.step();
            String cmd = s.op().keyword() + " " + s.device().name();
            BufferState after = e.after();
            String alloc = after.chosen() < 0 ? "-" : spec.allocators().get(after.chosen()).name();
            boolean mapped = !e.failed() && s.op() == org.censpec.model.Operation.MAP;
            command(cmd, new Expected(cmd, -errno(e.findingId(), e.failed()), after.mask(), alloc, mapped ? "ok" : "-",
                    name + ", " + e.actor() + " line " + s.loc().line()));
        }
    }

    /** The test build's stand-in that never registers: a device known only by its 32-bit DMA mask. */
    static final String RAW = "@raw32";
    static final int RAW_BITS = 32;

    /**
     * The path every real importer takes: a device the module knows only by its DMA API
     * constraints. By docs/semantics.md it accepts the allocators its reach covers, like a
     * spec device with 32 DMA bits and no other constraint.
     */
    private void unregistered() {
        Device raw = new Device(RAW, new SourceLocation(spec.name(), 0, 0), RAW_BITS, List.of(), List.of(), 1);
        long rawMask = 0;
        for (int i = 0; i < spec.allocators().size(); i++) {
            if (Acceptance.accepts(raw, spec.allocators().get(i))) {
                rawMask |= 1L << i;
            }
        }
        String name = "unregistered " + RAW + " on heap " + spec.name();
        long mask = acceptance.all();
        scenarios++;
        emit("# " + name);
        command("new " + spec.name(), new Expected("new " + spec.name(), 0, mask, "-", "-", name));
        if ((mask & rawMask) == 0) {
            command("attach " + RAW, new Expected("attach " + RAW, -EINVAL, mask, "-", "-", name));
            return;
        }
        mask &= rawMask;
        command("attach " + RAW, new Expected("attach " + RAW, 0, mask, "-", "-", name));
        command("map " + RAW, new Expected("map " + RAW, 0, mask, top(mask), "ok", name));
    }

    /**
     * CPU access with a mapped attachment: begin_cpu_access must sync every mapped
     * attachment for the CPU, end_cpu_access for the device (docs/semantics.md), in that
     * order: {@link #syncs()} is the sequence the guest's function trace must show.
     */
    private void cpuAccess() {
        for (Device d : spec.devices()) {
            long mask = acceptance.all() & acceptance.mask(d);
            if (mask == 0) {
                continue;
            }
            String name = "cpu access with " + d.name() + " mapped on heap " + spec.name();
            scenarios++;
            emit("# " + name);
            command("new " + spec.name(), new Expected("new " + spec.name(), 0, acceptance.all(), "-", "-", name));
            command("attach " + d.name(), new Expected("attach " + d.name(), 0, mask, "-", "-", name));
            command("map " + d.name(), new Expected("map " + d.name(), 0, mask, top(mask), "ok", name));
            command("vmap", new Expected("vmap", 0, mask, top(mask), "-", name));
            syncs.add("cpu");
            syncs.add("device");
            return;
        }
    }

    private String top(long mask) {
        return spec.allocators().get(Long.numberOfTrailingZeros(mask)).name();
    }

    /** Sync calls the CPU-access scenarios must cause, in order ("cpu" or "device"). */
    public List<String> syncs() {
        return List.copyOf(syncs);
    }

    private static int errno(String findingId, boolean failed) {
        if (!failed) {
            return 0;
        }
        return switch (findingId) {
            case "flow.attach-rejected" -> EINVAL;
            case "flow.late-attach", "flow.unbalanced" -> EBUSY;
            case "flow.map-before-attach" -> ENOENT;
            default -> throw new IllegalStateException(findingId);
        };
    }

    private void emit(String s) {
        text.append(s).append('\n');
        line++;
    }

    private void command(String cmd, Expected e) {
        emit(cmd);
        expected.put(line, e);
    }

    public String text() {
        return text.toString();
    }

    public Map<Integer, Expected> expected() {
        return expected;
    }

    public int scenarios() {
        return scenarios;
    }

    public int truncatedFlows() {
        return truncatedFlows;
    }
}
