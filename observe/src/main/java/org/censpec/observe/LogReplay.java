package org.censpec.observe;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Operation;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.TraceStep;
import org.censpec.model.check.GeneratedNames;
import org.censpec.model.rules.ObservedRule;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.BufferState;
import org.censpec.model.semantics.Errno;
import org.censpec.model.semantics.HeapNames;
import org.censpec.model.semantics.KernelAnswers;

/**
 * The runtime monitor behind {@code censpec replay SPEC LOG}: streams a trace the generated
 * module recorded and checks every buffer's observed events against the spec, with the
 * buffer semantics of docs/semantics.md ({@link BufferState}, the same definition the direct
 * checker uses) and the flows of the buffer's share. Memory is bounded by the live buffers
 * (at most {@link #MAX_LIVE_BUFFERS}), not by the log's length.
 */
public final class LogReplay {
    public static final int FORMAT_VERSION = 1;
    public static final int MAX_LIVE_BUFFERS = 100_000;
    public static final int MAX_FINDINGS = 1_000;
    private static final int MAX_NOTED_IDS = 1_000;
    /** Most different importers kept (the runtime logs at most 64 per module load). */
    public static final int MAX_IMPORTERS = 1_000;

    /**
     * What the monitor found and what it read; {@code importers}: each different view of a
     * device the spec does not name, first sighting, in log order (for --suggest-matches).
     */
    public record Result(
            List<Finding> findings,
            long lines,
            long events,
            long buffers,
            long otherEvents,
            List<ImporterEvent> importers) {
        public Result {
            importers = List.copyOf(importers);
        }
    }

    private final Spec spec;
    private final String file;
    private final Acceptance acceptance;
    /** The module's heaps: a created buffer's heap says its share and its first mask. */
    private final List<HeapNames.Heap> heaps;

    private final Map<String, ObservedBuffer> live = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Set<String> noted = new HashSet<>();
    private final Map<String, ImporterEvent> importers = new LinkedHashMap<>();
    private TraceLogReader reader;
    private long dropped;
    private long buffers;
    private long lastMicros = -1;
    private boolean clockNoted;
    private boolean liveLimitNoted;
    private ReplayInputException foreign;

    private LogReplay(Spec spec, String file) {
        this.spec = spec;
        this.file = file;
        this.acceptance = new Acceptance(spec);
        this.heaps = HeapNames.of(spec);
    }

    /** Replays the log read from {@code in} (named {@code file} in findings) against {@code spec}. */
    public static Result replay(Spec spec, String file, Reader in) throws IOException, ReplayInputException {
        return new LogReplay(spec, file).run(in);
    }

    private Result run(Reader in) throws IOException, ReplayInputException {
        reader = new TraceLogReader(file, (where, message) -> finding(ObservedRule.LOG, where, message, List.of()));
        reader.read(
                in,
                e -> {
                    if (foreign == null && checkHeader()) {
                        event(e);
                    }
                },
                this::importer);
        checkHeader();
        if (foreign != null) {
            throw foreign;
        }
        if (reader.header().isEmpty() && reader.events() == 0 && reader.lines() > 0) {
            throw new ReplayInputException(
                    new SourceLocation(file, 1, 1),
                    "not a censpec trace: no '# censpec-record' header and no cen_* events");
        }
        if (dropped > 0) {
            findings.add(Finding.of(
                    ObservedRule.LOG.rule(),
                    Subject.WHOLE,
                    new SourceLocation(file, (int) Math.min(reader.lines(), Integer.MAX_VALUE), 1),
                    dropped + " more findings not listed (at most " + MAX_FINDINGS + " per log)"));
        }
        return new Result(
                findings,
                reader.lines(),
                reader.events(),
                buffers,
                reader.otherEvents(),
                List.copyOf(importers.values()));
    }

    private void importer(ImporterEvent e) {
        if (foreign != null || !checkHeader()) {
            return;
        }
        String key = e.key();
        if (importers.size() < MAX_IMPORTERS) {
            importers.putIfAbsent(key, e);
        } else if (!importers.containsKey(key)) {
            noteOnce(
                    "importers",
                    e.where(),
                    "more than " + MAX_IMPORTERS
                            + " different importers the spec does not name: the others are not considered");
        }
    }

    /** False (and the replay stops) when the header names another spec or an unknown format. */
    private boolean checkHeader() {
        if (foreign != null) {
            return false;
        }
        Optional<TraceLogReader.Header> h = reader.header();
        if (h.isEmpty()) {
            return true;
        }
        if (h.get().version() != FORMAT_VERSION) {
            foreign = new ReplayInputException(
                    h.get().where(),
                    "trace format version " + h.get().version() + " is not supported (this censpec reads version "
                            + FORMAT_VERSION + ")");
        } else if (!h.get().spec().isEmpty() && !h.get().spec().equals(spec.name())) {
            foreign = new ReplayInputException(
                    h.get().where(),
                    "recorded with the module of spec '" + h.get().spec() + "', not '" + spec.name() + "'");
        } else if (!recordableSystem(h.get().system())) {
            foreign = new ReplayInputException(
                    h.get().where(),
                    "recorded from trace system '" + h.get().system() + "', not one of spec '" + spec.name() + "' ("
                            + String.join(" or ", GeneratedNames.traceSystems(spec.name())) + ")");
        }
        return foreign == null;
    }

    /**
     * Whether a header's trace system can be the spec's: its production module's, its test
     * build's, or none named or the one system of every module of an older censpec (whose
     * events print the same lines: such logs replay as before).
     */
    private boolean recordableSystem(String system) {
        return system.isEmpty()
                || system.equals(GeneratedNames.LEGACY_TRACE_SYSTEM)
                || GeneratedNames.traceSystems(spec.name()).contains(system);
    }

    private void event(TraceEvent e) {
        clock(e);
        switch (e.kind()) {
            case CREATE -> create(e);
            case RELEASE -> release(e);
            default -> {
                ObservedBuffer b = live.get(e.buffer());
                if (b == null) {
                    noteOnce(
                            "missing:" + e.buffer(),
                            e.where(),
                            "buffer " + e.buffer()
                                    + ": events before its creation was recorded (recording started late?): skipped");
                    return;
                }
                switch (e.kind()) {
                    case ATTACH -> deviceStep(b, e, Operation.ATTACH);
                    case MAP -> deviceStep(b, e, Operation.MAP);
                    case UNMAP -> deviceStep(b, e, Operation.UNMAP);
                    case DETACH -> deviceStep(b, e, Operation.DETACH);
                    case ALLOC -> alloc(b, e);
                    case CPU_ACCESS -> remember(b, e, "cpu " + e.field("op") + " " + e.field("dir"), e.where());
                    default -> throw new IllegalStateException(e.kind().toString());
                }
            }
        }
    }

    private void clock(TraceEvent e) {
        if (e.micros() < lastMicros && !clockNoted) {
            clockNoted = true;
            finding(
                    ObservedRule.LOG,
                    e.where(),
                    "timestamps go backwards here (clock wrap, or per-CPU buffers "
                            + "merged out of order); events are taken in log order",
                    List.of());
        }
        lastMicros = e.micros();
    }

    private void create(TraceEvent e) {
        String heap = e.field("heap");
        Optional<Share> share = Optional.empty();
        long initial;
        List<Flow> flows;
        // by its name, its name before the naming convention (older modules) or an alias
        Optional<HeapNames.Heap> known = heaps.stream()
                .filter(h ->
                        h.name().equals(heap) || h.former().filter(heap::equals).isPresent())
                .findFirst();
        if (known.isEmpty()) {
            noteOnce(
                    "heap:" + heap,
                    e.where(),
                    "heap '" + heap + "' is not a heap of spec '" + spec.name()
                            + "' (a module generated from another spec?): its buffers are skipped");
            return;
        }
        initial = known.get().mask();
        share = known.get().share().flatMap(spec::share);
        flows = share.isEmpty()
                ? spec.flows()
                : spec.flows().stream()
                        .filter(f -> f.share().name().equals(known.get().share().get()))
                        .toList();
        if (live.size() >= MAX_LIVE_BUFFERS) {
            if (!liveLimitNoted) {
                liveLimitNoted = true;
                finding(
                        ObservedRule.LOG,
                        e.where(),
                        "more than " + MAX_LIVE_BUFFERS + " buffers live at once: later buffers are not monitored",
                        List.of());
            }
            return;
        }
        if (live.containsKey(e.buffer())) {
            finding(
                    ObservedRule.LOG,
                    e.where(),
                    "buffer " + e.buffer()
                            + " created again while live (its release was not recorded): monitoring starts over",
                    List.of());
        }
        ObservedBuffer b = new ObservedBuffer(e.buffer(), heap, share, e.where(), initial, new FlowMatcher(flows));
        live.put(e.buffer(), b);
        buffers++;
        remember(b, e, "create " + e.field("len") + " bytes", e.where());
        long mask = e.mask("mask");
        if (mask >= 0 && mask != initial) {
            finding(
                    ObservedRule.KERNEL_MISMATCH,
                    e.where(),
                    b.label() + ": the module starts the access mask as " + acceptance.describe(mask) + ", the spec as "
                            + acceptance.describe(initial),
                    b.trace());
        }
    }

    private void release(TraceEvent e) {
        if (live.remove(e.buffer()) == null) {
            noteOnce(
                    "missing:" + e.buffer(),
                    e.where(),
                    "buffer " + e.buffer() + ": released but its creation was not recorded (recording started late?)");
        }
    }

    private void deviceStep(ObservedBuffer b, TraceEvent e, Operation op) {
        String devName = e.field("dev");
        Optional<Device> known = specDevice(e);
        long devMask = known.map(acceptance::mask).orElse(Math.max(0, e.mask("dev_mask")));
        String who = known.map(Device::name).orElse(devName);
        long bit = b.bit(known.isPresent() ? who : "?" + devName);
        if (bit < 0) {
            noteOnce(
                    "devices:" + b.id,
                    e.where(),
                    b.label() + ": more than " + ObservedBuffer.MAX_DEVICES
                            + " devices on one buffer: later ones are not monitored");
            return;
        }
        if (known.isEmpty() && op == Operation.ATTACH) {
            b.unknownDevices = true;
            finding(
                    ObservedRule.UNKNOWN_DEVICE,
                    e.where(),
                    b.label() + ": device '" + devName
                            + "' is not a device of the spec (no `match` names it and its driver did not register it); the "
                            + "module gave it the mask " + acceptance.describe(devMask) + " from the DMA API",
                    List.of());
        }
        Device model = known.orElse(new Device(who, e.where(), 64, List.of(), List.of(), 1));
        BufferState before = b.state;
        DeviceStep step = new DeviceStep(op, new NameRef(who, e.where()), Optional.empty(), e.where());
        BufferState.Outcome o = before.apply(spec, step, model, bit, devMask);
        int rc = e.rc();
        if (rc == 0) {
            b.state = o.next() != null ? o.next() : forced(before, op, bit, devMask);
        }
        Optional<SourceLocation> specStep = Optional.empty();
        boolean endsMatch = false;
        if (!b.unknownDevices && b.matcher.hasCandidates()) {
            endsMatch = b.matcher.stepEndsMatch(op, who);
            specStep = b.matcher.lastStep();
        }
        String text = op.keyword() + " " + who;
        remember(b, e, text, specStep.orElse(e.where()));
        String at = " (task " + e.task() + " at " + e.time() + " s)";
        // A device the spec does not know is judged by the kernel's own rules, not the spec's.
        if (o.rule() != null && known.isPresent()) {
            ObservedRule rule = ObservedRule.forFlowRule(o.rule());
            finding(
                    rule,
                    e.where(),
                    b.label() + ": " + message(rule, b, who, before, devMask, op, bit) + at,
                    b.trace());
        }
        Integer expected = known.isPresent() ? expectedRc(o) : null;
        if (expected != null && rc != expected) {
            finding(
                    ObservedRule.KERNEL_MISMATCH,
                    e.where(),
                    b.label() + ": the kernel answered `" + text + "` with " + Errno.describe(rc)
                            + ", the spec predicts " + Errno.describe(expected) + at,
                    b.trace());
        }
        if (endsMatch && !b.reportedUnspecified) {
            b.reportedUnspecified = true;
            finding(
                    ObservedRule.UNSPECIFIED,
                    e.where(),
                    b.label() + ": `" + text + "`" + at
                            + " is not a step any flow "
                            + b.share.map(s -> "of share " + s.name() + " ").orElse("")
                            + "allows here (flows: " + String.join(", ", b.matcher.flowNames())
                            + "): the drivers did something the spec does not describe",
                    b.trace());
        }
    }

    /** The state after a step the kernel accepted although the model refuses it. */
    private static BufferState forced(BufferState s, Operation op, long bit, long devMask) {
        return switch (op) {
            case ATTACH -> new BufferState(s.attached() | bit, s.mapped(), s.mask() & devMask, s.chosen());
            case MAP ->
                new BufferState(
                        s.attached(),
                        s.mapped() | bit,
                        s.mask(),
                        s.chosen() >= 0 ? s.chosen() : Long.numberOfTrailingZeros(s.mask()));
            case UNMAP -> new BufferState(s.attached(), s.mapped() & ~bit, s.mask(), s.chosen());
            case DETACH -> new BufferState(s.attached() & ~bit, s.mapped() & ~bit, s.mask(), s.chosen());
        };
    }

    /** The kernel's answer the spec predicts for a step, or null where the kernel's own rules decide. */
    private static Integer expectedRc(BufferState.Outcome o) {
        if (o.rule() == null || !o.failed()) {
            return 0;
        }
        return KernelAnswers.exporterRefusal(o.rule()).map(Errno::rc).orElse(null);
    }

    private String message(
            ObservedRule rule,
            ObservedBuffer b,
            String device,
            BufferState before,
            long devMask,
            Operation op,
            long bit) {
        return switch (rule) {
            case LATE_ATTACH ->
                device + " attached after the buffer was allocated from " + chosen(before)
                        + allocatedBy(b) + "; " + device + " does not accept " + chosen(before)
                        + " and the kernel refused the attach (-EBUSY): attach " + device + " before the first map";
            case ATTACH_AFTER_MAP ->
                device + " attached after the buffer was allocated from " + chosen(before)
                        + allocatedBy(b) + "; it accepts " + chosen(before)
                        + " by luck: attach every device before the first map";
            case ATTACH_REJECTED ->
                "attaching " + device + " empties the access mask: " + acceptance.describe(before.mask()) + " and its "
                        + acceptance.describe(devMask) + " have nothing in common (kernel: -EINVAL)";
            case MISUSE ->
                device + " " + verb(op) + " without being " + ((before.attached() & bit) == 0 ? "attached" : "mapped");
            case UNBALANCED ->
                device + " " + verb(op) + " while "
                        + (op == Operation.ATTACH
                                ? "already attached"
                                : op == Operation.MAP ? "already mapped" : "still mapped");
            default -> throw new IllegalStateException(rule.toString());
        };
    }

    private static String verb(Operation op) {
        return switch (op) {
            case ATTACH -> "attaches";
            case MAP -> "maps";
            case UNMAP -> "unmaps";
            case DETACH -> "detaches";
        };
    }

    private String chosen(BufferState s) {
        return s.chosen() >= 0 ? spec.allocators().get(s.chosen()).name() : "?";
    }

    /** Whether {@code mask} holds a protected allocator, which the CPU may not back a buffer from. */
    private boolean holdsProtected(long mask) {
        for (int i = 0; i < spec.allocators().size() && i < Long.SIZE; i++) {
            if ((mask >>> i & 1) != 0 && spec.allocators().get(i).protectedMemory()) {
                return true;
            }
        }
        return false;
    }

    private static String allocatedBy(ObservedBuffer b) {
        if (b.allocation == null) {
            return "";
        }
        ObservedBuffer.Allocation a = b.allocation;
        return " when " + a.by() + " mapped it (task " + a.task() + " at " + a.time() + " s, " + a.where() + ")";
    }

    private void alloc(ObservedBuffer b, TraceEvent e) {
        String at = " (task " + e.task() + " at " + e.time() + " s)";
        String by = e.field("spec_dev").isEmpty() || e.field("spec_dev").equals("unmatched")
                ? e.field("dev")
                : e.field("spec_dev");
        by = by.equals("cpu") || by.isEmpty() ? "CPU access" : by;
        if (e.rc() != 0) {
            remember(b, e, "allocate (failed)", e.where());
            if (b.state.mask() == 0) {
                return; // no allocator left: the spec predicts the failure too
            }
            if (by.equals("CPU access") && e.rc() == Errno.EPERM.rc() && holdsProtected(b.state.mask())) {
                return; // CPU backing stops at the first protected allocator it reaches (kernel-module.md)
            }
            finding(
                    ObservedRule.KERNEL_MISMATCH,
                    e.where(),
                    b.label() + ": allocating " + e.field("len")
                            + " bytes for " + by + " failed with " + Errno.describe(e.rc())
                            + " from every allocator of "
                            + acceptance.describe(b.state.mask()) + at,
                    b.trace());
            return;
        }
        Optional<Allocator> a = spec.allocator(e.field("alloc"));
        if (a.isEmpty()) {
            noteOnce(
                    "alloc:" + e.field("alloc"),
                    e.where(),
                    "allocator '" + e.field("alloc") + "' is not an allocator of spec '" + spec.name()
                            + "' (a module generated from another spec?)");
            return;
        }
        long model = b.state.mask();
        long observed = e.mask("mask");
        long tried = Math.max(0, e.mask("tried"));
        long candidates = model & ~tried;
        boolean twice = b.state.chosen() >= 0;
        b.state = new BufferState(
                b.state.attached(), b.state.mapped(), model, a.get().priority());
        b.allocation = new ObservedBuffer.Allocation(e.where(), e.task(), by, e.time());
        remember(b, e, "allocate from " + a.get().name(), e.where());
        if (twice) {
            finding(ObservedRule.KERNEL_MISMATCH, e.where(), b.label() + ": allocated a second time" + at, b.trace());
        } else if (observed >= 0 && observed != model) {
            finding(
                    ObservedRule.UNEXPECTED_ALLOCATOR,
                    e.where(),
                    b.label() + ": the module's access mask at allocation is " + acceptance.describe(observed)
                            + ", the spec's " + acceptance.describe(model) + at,
                    b.trace());
        } else if (candidates == 0 || acceptance.top(candidates) != a.get()) {
            finding(
                    ObservedRule.UNEXPECTED_ALLOCATOR,
                    e.where(),
                    b.label() + ": allocated from " + a.get().name()
                            + " for " + by + "; the spec predicts "
                            + (candidates == 0
                                    ? "no allocator"
                                    : acceptance.top(candidates).name()) + " (access mask "
                            + acceptance.describe(model)
                            + (tried != 0 ? ", after " + acceptance.describe(tried) + " failed" : "")
                            + ")" + at,
                    b.trace());
        }
    }

    private Optional<Device> specDevice(TraceEvent e) {
        String name = e.field("spec_dev");
        if (name.isEmpty() || name.equals("unmatched")) {
            return Optional.empty();
        }
        Optional<Device> d = spec.device(name);
        if (d.isEmpty()) {
            noteOnce(
                    "dev:" + name,
                    e.where(),
                    "the module reports device '" + name + "', which spec '" + spec.name()
                            + "' does not declare (a module generated from another spec?)");
        }
        return d;
    }

    private void remember(ObservedBuffer b, TraceEvent e, String text, SourceLocation where) {
        Optional<String> chosen = b.state.chosen() >= 0
                ? Optional.of(spec.allocators().get(b.state.chosen()).name())
                : Optional.empty();
        b.remember(new TraceStep(
                e.task(),
                text + " at " + e.time() + " s (" + e.where() + ")",
                where,
                acceptance.names(b.state.mask()),
                chosen));
    }

    private void noteOnce(String key, SourceLocation where, String message) {
        if (noted.size() < MAX_NOTED_IDS && noted.add(key)) {
            finding(ObservedRule.LOG, where, message, List.of());
        }
    }

    private void finding(ObservedRule rule, SourceLocation where, String message, List<TraceStep> trace) {
        if (findings.size() >= MAX_FINDINGS) {
            dropped++;
            return;
        }
        findings.add(Finding.of(rule.rule(), Subject.WHOLE, where, message, trace));
    }
}
