package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.codegen.emit.Identifiers;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Rule;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.TraceStep;
import org.censpec.model.rules.SemanticRules;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.BufferState;
import org.censpec.model.semantics.Errno;
import org.censpec.model.semantics.HeapNames;
import org.censpec.model.semantics.KernelAnswers;
import org.censpec.tools.dt.BoardTree;
import org.censpec.verify.direct.ExecutionWalker;
import org.censpec.verify.direct.FlowLayout;

/**
 * A replay file for the test build's control device (prove/guest/README.md)
 * and, for every command line, the result the model predicts: the flows' interleavings
 * on the spec's generic heap (access mask starting with every allocator, as the model
 * assumes), the same on each share's heap (mask starting with the share's intersection),
 * and every counterexample trace the verifier reported; then the runtime's own paths
 * ({@link #runtimeScenarios}): buffers larger than a contiguous block, fallback through
 * the mask, several attachments mapped at once in different directions, the fd holder
 * backing a buffer by CPU access first, and importers the spec does not name.
 */
public final class ReplayPlan {
    public static final int EPERM = Errno.EPERM.value();
    public static final int ENOMEM = Errno.ENOMEM.value();
    public static final int EBUSY = Errno.EBUSY.value();
    public static final int EINVAL = Errno.EINVAL.value();

    /** The step outcomes a trace recorded while the plan runs shows (censpec replay's observed.* findings). */
    private static final java.util.Set<Rule> OBSERVABLE =
            java.util.Set.of(SemanticRules.LATE_ATTACH, SemanticRules.ATTACH_AFTER_MAP, SemanticRules.ATTACH_REJECTED);

    /**
     * What one control command must return. {@code at} is the spec line the command comes from
     * ("file:line", or empty), {@code target} what the prediction takes from the target (empty
     * when the spec alone decides it: see {@link Prediction.Choice#targetNote}).
     */
    public record Expected(
            String command, int rc, long mask, String alloc, String place, String scenario, String at, String target) {
        public String render() {
            return "rc=" + rc + " mask=0x" + Long.toHexString(mask) + " alloc=" + alloc + " place=" + place;
        }

        /** Null when the kernel's result line equals this prediction, else the fields that differ. */
        public String mismatch(String got) {
            if (got == null) {
                return "no result";
            }
            Map<String, String> f = GuestResults.fields(got);
            List<String> diff = new ArrayList<>();
            if (!String.valueOf(rc).equals(f.get("rc"))) {
                diff.add("rc");
            }
            String m = f.getOrDefault("mask", "");
            if (!m.matches("0x[0-9a-fA-F]{1,16}") || Long.parseUnsignedLong(m.substring(2), 16) != mask) {
                diff.add("mask");
            }
            if (!alloc.equals(f.get("alloc"))) {
                diff.add("alloc");
            }
            if (!place.equals(f.get("place"))) {
                diff.add("place");
            }
            return diff.isEmpty() ? null : String.join(",", diff);
        }
    }

    private final Spec spec;
    private final Prediction prediction;
    private final Acceptance acceptance;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, Expected> expected = new LinkedHashMap<>();
    /** Line to the check it belongs to (a flow on a heap, a counterexample, a runtime scenario), for the report. */
    private final Map<Integer, String> checks = new LinkedHashMap<>();

    private String check = "";
    /** Flow finding id to how many commands to spec devices the model gives it for. */
    private final Map<String, Long> predicted = new java.util.TreeMap<>();

    private int line;
    private int scenarios;
    private int truncatedFlows;
    private final CpuBacking backing;
    /** Scenarios the target cannot run, each with why, for the report's "not proven". */
    private final List<String> notPlanned = new ArrayList<>();
    /** Sync calls the CPU accesses cause, in order ("cpu" or "device"). */
    private final List<String> syncs = new ArrayList<>();

    /** How the control device names a spec device in the scenario being written. */
    private java.util.function.UnaryOperator<String> names = java.util.function.UnaryOperator.identity();

    private String matchedName(String device) {
        boolean matched = spec.devices().stream()
                .anyMatch(d -> d.name().equals(device) && !d.match().isEmpty());
        return matched ? device + "@match" : device;
    }

    private ReplayPlan(Prediction prediction) {
        this.spec = prediction.spec();
        this.prediction = prediction;
        this.acceptance = new Acceptance(spec);
        this.backing = new CpuBacking(prediction);
    }

    /** The plan for a target whose memory is {@code memory} (the spec does not state it). */
    public static ReplayPlan of(Spec spec, List<Finding> findings, int limitPerFlow, TargetMemory memory) {
        return of(new Prediction(spec, memory), findings, limitPerFlow);
    }

    /** The plan of {@code prediction}'s spec on its target. */
    public static ReplayPlan of(Prediction prediction, List<Finding> findings, int limitPerFlow) {
        Spec spec = prediction.spec();
        ReplayPlan p = new ReplayPlan(prediction);
        for (Flow f : spec.flows()) {
            p.flow(f, spec.name(), p.acceptance.all(), limitPerFlow);
            Share share = spec.share(f.share().name()).orElseThrow();
            p.flow(f, share.name(), p.acceptance.shareMask(share), limitPerFlow);
        }
        // The same flows on the share heaps with every device that has a match string
        // played by its unregistered stand-in, recognised by dev_name() at attach.
        for (Flow f : spec.flows()) {
            Share share = spec.share(f.share().name()).orElseThrow();
            boolean anyMatched = share.devices().stream()
                    .anyMatch(r -> spec.devices().stream()
                            .anyMatch(
                                    d -> d.name().equals(r.name()) && !d.match().isEmpty()));
            if (anyMatched) {
                p.names = p::matchedName;
                p.flow(f, share.name(), p.acceptance.shareMask(share), limitPerFlow);
                p.names = java.util.function.UnaryOperator.identity();
            }
        }
        for (Finding finding : findings) {
            if (!finding.trace().isEmpty()) {
                p.trace(finding);
            }
        }
        p.runtimeScenarios();
        return p;
    }

    /*
     * ---- the runtime's paths beyond the model's flows ----------------------------
     *
     * Where a buffer lands on this target is the Prediction's: the first allocator of its
     * access mask that can serve it; no allocator left gives ENOMEM at the map that backs it.
     */
    /** A 3840x2160 NV12 frame: 12 441 600 bytes, not a whole number of pages. */
    public static final long FRAME_4K_NV12 = 3840L * 2160 * 3 / 2;

    public static final long PAGE = Prediction.PAGE;
    /** Largest len a heap of the generated module accepts (uapi MAX_LEN). */
    public static final long MAX_LEN = Prediction.MAX_LEN;

    private static final List<String> DIRECTIONS = List.of("bidi", "to", "from");

    /** Unregistered stand-ins of the test build as the DMA API describes them (empty: no DMA mask). */
    record RawDevice(String name, Optional<DmaView> dma, long len) {}

    static final List<RawDevice> RAW_DEVICES = List.of(
            new RawDevice("@raw32", Optional.of(DmaView.mask(32)), PAGE),
            // 32-bit DMA mask, bus 0xc0000000 = physical 0 for 1 GiB (the RPi4's /soc)
            new RawDevice(
                    "@bus1g",
                    Optional.of(new DmaView(
                            DmaView.bitMask(32),
                            Optional.of(List.of(new BoardTree.DmaWindow(0xc000_0000L, 0, 1L << 30))),
                            false)),
                    PAGE),
            new RawDevice("@nomask", Optional.empty(), PAGE),
            // 32-bit DMA mask, segments of at most 64 KiB: a 1 MiB buffer needs 16 of them
            new RawDevice("@seg64k", Optional.of(DmaView.mask(32)), 1L << 20));

    /** Allocators the CPU may access. */
    private long cpuMask() {
        return backing.cpuMask();
    }

    private long heapMax(String heap) {
        return prediction.heapMax(heap);
    }

    /** The allocator a device's map of {@code len} bytes with access mask {@code mask} lands on here, or -1. */
    private int choose(long mask, long len) {
        return prediction.choose(mask, len).allocator();
    }

    private String allocName(int i) {
        return i < 0 ? "-" : spec.allocators().get(i).name();
    }

    /** The buffer state the control device reports, as the runtime keeps it. */
    private final class Buffer {
        long mask;
        int alloc = -1;
        /** Attachments mapped now: CPU access syncs each of them. */
        int mapped;

        final long len;
        final String scenario;
        /** The spec line the scenario comes from. */
        final String at;
        /** What the backing took from the target, once backed (Prediction.Choice#targetNote). */
        String target = "";

        /** False when the heap refused the length: nothing else is replayed on it. */
        final boolean created;

        final long initialMask;

        Buffer(String heap, long initialMask, long len, String scenario, SourceLocation at) {
            this.len = len;
            this.initialMask = initialMask;
            this.scenario = scenario;
            this.at = line(at);
            scenarios++;
            check = scenario;
            emit("# " + scenario);
            String cmd = "new " + heap + (len == PAGE ? "" : " " + len);
            created = len <= heapMax(heap);
            this.mask = created ? initialMask : 0;
            expect(cmd, created ? 0 : EINVAL, "-");
        }

        /**
         * CPU access (vmap, sync): backs the buffer as a device's map would, refused (EPERM,
         * nothing backed) where that gives protected memory, also after a fallback
         * ({@link CpuBacking}); refused on a buffer already backed by protected memory.
         */
        int cpu() {
            int rc = backForCpu();
            if (rc == 0) {
                // begin_cpu_access syncs every mapped attachment for the CPU, end_cpu_access
                // for the device (docs/semantics.md)
                syncs.addAll(java.util.Collections.nCopies(mapped, "cpu"));
                syncs.addAll(java.util.Collections.nCopies(mapped, "device"));
            }
            return rc;
        }

        /** Backing for, or refusal of, CPU access; 0 or the errno. */
        int backForCpu() {
            if (alloc >= 0) {
                return spec.allocators().get(alloc).protectedMemory() ? EPERM : 0;
            }
            CpuBacking.Outcome o = backing.forCpu(mask, len);
            alloc = o.allocator();
            if (mask != 0) {
                target = prediction.choose(mask, len).targetNote(spec);
            }
            return o.errno();
        }

        /** mmap into the writing process: CPU access without a sync; no placement check. */
        void mmap() {
            expect("mmap", backForCpu(), "-");
        }

        /** vmap or sync: the result of CPU access, and the test build's placement check after it. */
        void cpuAccess(String cmd) {
            int rc = cpu();
            expect(cmd, rc, rc == 0 ? "ok" : "-");
        }

        /**
         * An in-kernel vmap with no begin/end_cpu_access (kvmap): offered where it cannot meet
         * protected memory ({@link CpuBacking#vmapOffered}), or once CPU-accessible memory
         * backs the buffer; it backs a fresh buffer; refused with EINVAL (no vmap op) else.
         */
        void kvmap() {
            int rc;
            if (alloc >= 0) {
                rc = spec.allocators().get(alloc).protectedMemory() ? EINVAL : 0;
            } else if (!backing.vmapOffered(initialMask, len)) {
                rc = EINVAL;
            } else {
                CpuBacking.Outcome o = backing.forCpu(mask, len);
                alloc = o.allocator();
                rc = o.errno();
            }
            expect("kvmap", rc, rc == 0 ? "ok" : "-");
        }

        void unmap(String dev) {
            mapped--;
            expect("unmap " + dev, 0, "-");
        }

        void expect(String cmd, int errno, String place) {
            command(cmd, new Expected(cmd, -errno, mask, allocName(alloc), place, scenario, at, target));
        }

        /** Attach with device mask {@code dm}; true if it attached. */
        boolean attach(String dev, long dm) {
            int rc = 0;
            String finding = null;
            if (alloc >= 0 && (dm & (1L << alloc)) == 0) {
                rc = EBUSY;
                finding = "flow.late-attach";
            } else if ((mask & dm) == 0) {
                rc = EINVAL;
                finding = "flow.attach-rejected";
            } else {
                mask &= dm;
                finding = alloc >= 0 ? "flow.attach-after-map" : null;
            }
            if (finding != null && !dev.startsWith("@")) {
                predict(finding);
            }
            expect("attach " + dev, rc, "-");
            return rc == 0;
        }

        /** Backing by a map or CPU access; 0 or the errno. */
        int back() {
            if (alloc >= 0) {
                return 0;
            }
            if (mask == 0) {
                return ENOMEM; // no allocator to try (a broken spec's empty share heap): none is left
            }
            Prediction.Choice c = prediction.choose(mask, len);
            alloc = c.allocator();
            target = c.targetNote(spec);
            return alloc < 0 ? ENOMEM : 0;
        }

        boolean map(String dev, String dir) {
            int rc = back();
            expect("map " + dev + ("bidi".equals(dir) ? "" : " " + dir), rc, rc == 0 ? "ok" : "-");
            if (rc == 0) {
                mapped++;
            }
            return rc == 0;
        }
    }

    private void runtimeScenarios() {
        long all = acceptance.all();
        for (Share share : spec.shares()) {
            long shareMask = acceptance.shareMask(share);
            List<Device> members = share.devices().stream()
                    .map(NameRef::name)
                    .map(n -> spec.devices().stream()
                            .filter(d -> d.name().equals(n))
                            .findFirst()
                            .orElseThrow())
                    .toList();
            for (String heap : List.of(spec.name(), share.name())) {
                long init = heap.equals(spec.name()) ? all : shareMask;
                everyMemberMapped(heap, init, members, share);
                cpuFirst(heap, init, members, share);
            }
        }
        for (Share share : spec.shares()) {
            share.maxSize()
                    .ifPresent(max -> new Buffer(
                            share.name(),
                            acceptance.shareMask(share),
                            max + 1,
                            "runtime: share " + share.name() + " refuses a length over its max_size",
                            share.loc()));
        }
        for (RawDevice d : RAW_DEVICES) {
            Buffer b = new Buffer(
                    spec.name(),
                    all,
                    d.len(),
                    "runtime: unregistered " + d.name() + " on heap " + spec.name(),
                    spec.loc());
            if (b.attach(d.name(), d.dma().map(v -> v.derivedMask(spec)).orElse(cpuMask()))) {
                if (d.dma().isEmpty()) {
                    b.expect("map " + d.name(), EINVAL, "-");
                } else if (b.map(d.name(), "bidi")) {
                    b.cpuAccess("sync");
                    b.unmap(d.name());
                }
                b.expect("detach " + d.name(), 0, "-");
            }
        }
        cpuAccessWhileMapped();
        inKernelVmaps();
        protectedByMap();
        for (Allocator a : spec.allocators()) {
            long holds = a.region().isPresent() ? prediction.largest(a) : 0;
            if (holds > 0
                    && holds + PAGE <= heapMax(spec.name())
                    && !prediction.memory().pagesFit(holds + PAGE, holds)) {
                notPlanned.add("one page more than region " + a.region().get().value() + " holds (" + Sizes.human(holds)
                        + "): the page allocator cannot give that much beside it in the guest's RAM ("
                        + prediction.memory().ram().describe() + "); the kernel would answer with the OOM killer");
            } else if (holds > 0 && holds + PAGE <= heapMax(spec.name())) {
                Buffer b = new Buffer(
                        spec.name(),
                        all,
                        holds + PAGE,
                        "runtime: one page more than region " + a.region().get().value() + " of allocator " + a.name()
                                + " holds (fallback past it)",
                        a.loc());
                b.cpuAccess("vmap");
            }
        }
        Buffer big = new Buffer(
                spec.name(),
                all,
                FRAME_4K_NV12,
                "runtime: CPU backs a 4K NV12 frame on heap " + spec.name() + " (fallback past contiguous allocators)",
                spec.loc());
        big.cpuAccess("vmap");
        scenarios++;
        String sc = "runtime: a length beyond the heap's limit";
        check = sc;
        emit("# " + sc);
        String cmd = "new " + spec.name() + " " + (MAX_LEN + 1);
        // refused before anything is created: the control file is left without a buffer
        command(cmd, new Expected(cmd, -EINVAL, 0, "-", "-", sc, line(spec.loc()), ""));
    }

    /** Heap names as the control device takes them, the generic first, with their initial masks. */
    private Map<String, Long> heapMasks() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(spec.name(), acceptance.all());
        spec.shares().forEach(s -> out.put(s.name(), acceptance.shareMask(s)));
        return out;
    }

    /**
     * An in-kernel importer's vmap of a fresh buffer of every heap, with no begin/end_cpu_access:
     * one page, and a 4K NV12 frame where no allocator of the heap can give that much here (not
     * offered: EINVAL without a WARN, where a vmap that tried would fail to back it).
     */
    private void inKernelVmaps() {
        heapMasks().forEach((heap, mask) -> {
            if (mask == 0) {
                return;
            }
            new Buffer(
                            heap,
                            mask,
                            PAGE,
                            "runtime: in-kernel vmap, no begin/end_cpu_access, of a fresh buffer on heap " + heap,
                            heapLoc(heap))
                    .kvmap();
            if (!backing.forCpu(mask, FRAME_4K_NV12).backed()
                    && FRAME_4K_NV12 <= heapMax(heap)
                    && backing.forCpu(mask, PAGE).backed()) {
                new Buffer(
                                heap,
                                mask,
                                FRAME_4K_NV12,
                                "runtime: in-kernel vmap of a 4K NV12 frame no allocator of heap " + heap + " can give",
                                heapLoc(heap))
                        .kvmap();
            }
        });
    }

    /** Where a heap is declared: its share, or the spec. */
    private SourceLocation heapLoc(String heap) {
        return spec.share(heap).map(Share::loc).orElse(spec.loc());
    }

    /**
     * A protected device's map backs the buffer with protected memory: CPU access (sync, vmap
     * inside begin/end) refused with EPERM, an in-kernel vmap not offered (EINVAL, no WARN).
     * Once per device whose map gives protected memory on some heap.
     */
    private void protectedByMap() {
        for (Device d : spec.devices()) {
            for (Map.Entry<String, Long> h : heapMasks().entrySet()) {
                long mask = h.getValue() & acceptance.mask(d);
                int alloc = mask == 0 ? -1 : choose(mask, PAGE);
                if (alloc < 0 || !spec.allocators().get(alloc).protectedMemory()) {
                    continue;
                }
                Buffer b = new Buffer(
                        h.getKey(),
                        h.getValue(),
                        PAGE,
                        "runtime: " + d.name() + "'s map backs a buffer of heap " + h.getKey()
                                + " with protected memory; no CPU access",
                        d.loc());
                if (b.attach(d.name(), acceptance.mask(d)) && b.map(d.name(), "bidi")) {
                    b.cpuAccess("sync");
                    b.mmap();
                    b.cpuAccess("vmap");
                    b.kvmap();
                    b.unmap(d.name());
                }
                b.expect("detach " + d.name(), 0, "-");
                break;
            }
        }
    }

    /** CPU access with the first device that can map mapped: one sync each way per access. */
    private void cpuAccessWhileMapped() {
        for (Device d : spec.devices()) {
            if ((acceptance.all() & acceptance.mask(d)) == 0) {
                continue;
            }
            Buffer b = new Buffer(
                    spec.name(),
                    acceptance.all(),
                    PAGE,
                    "runtime: cpu access with " + d.name() + " mapped on heap " + spec.name(),
                    d.loc());
            if (b.attach(d.name(), acceptance.mask(d))) {
                if (b.map(d.name(), "bidi")) {
                    b.cpuAccess("vmap");
                    b.cpuAccess("sync");
                    b.unmap(d.name());
                }
                b.expect("detach " + d.name(), 0, "-");
            }
            return;
        }
    }

    /** A 4K NV12 frame, every member attached, then mapped at once in cycling directions. */
    private void everyMemberMapped(String heap, long init, List<Device> members, Share share) {
        Buffer b = new Buffer(
                heap,
                init,
                FRAME_4K_NV12,
                "runtime: share " + share.name() + " on heap " + heap + ", 4K NV12 frame, every device mapped at once",
                share.loc());
        if (!b.created) {
            return;
        }
        List<Device> attached = new ArrayList<>();
        for (Device d : members) {
            if (b.attach(d.name(), acceptance.mask(d))) {
                attached.add(d);
            }
        }
        List<Device> mapped = new ArrayList<>();
        for (int i = 0; i < attached.size(); i++) {
            Device d = attached.get(i);
            if (b.map(d.name(), DIRECTIONS.get(i % DIRECTIONS.size()))) {
                mapped.add(d);
            }
        }
        mapped.forEach(d -> b.unmap(d.name()));
        attached.forEach(d -> b.expect("detach " + d.name(), 0, "-"));
    }

    /** The fd holder backs the buffer by CPU access before any device attached. */
    private void cpuFirst(String heap, long init, List<Device> members, Share share) {
        Buffer b = new Buffer(
                heap,
                init,
                PAGE,
                "runtime: share " + share.name() + " on heap " + heap + ", CPU access before any device attached",
                share.loc());
        if (!b.created) {
            return;
        }
        b.cpuAccess("vmap");
        for (Device d : members) {
            if (b.attach(d.name(), acceptance.mask(d))) {
                if (b.map(d.name(), "bidi")) {
                    b.unmap(d.name());
                }
                b.expect("detach " + d.name(), 0, "-");
            }
        }
    }

    private void flow(Flow f, String heap, long initialMask, int limit) {
        ExecutionWalker.Result<TargetFlows.Event> r = TargetFlows.of(prediction, f, initialMask, limit);
        if (r.truncated()) {
            truncatedFlows++;
        }
        int n = 0;
        for (List<TargetFlows.Event> execution : r.executions()) {
            n++;
            String matched = names.apply("x").equals("x") ? "" : " (matched stand-ins)";
            String scenario = "flow " + f.name() + " heap " + heap + " execution " + n + "/"
                    + r.executions().size() + (r.truncated() ? "+" : "") + matched;
            check = "flow " + f.name() + " heap " + heap + matched;
            scenario(scenario, heap, initialMask, execution);
        }
    }

    /** Replays a verifier counterexample: its device steps in its order, as this target answers them. */
    private void trace(Finding finding) {
        Flow flow = finding.subject()
                .declared()
                .filter(Flow.class::isInstance)
                .map(Flow.class::cast)
                .orElseThrow(() -> new IllegalStateException("no flow for " + finding));
        FlowLayout layout = new FlowLayout(spec, flow, acceptance);
        List<TargetFlows.Event> events = new ArrayList<>();
        BufferState state = BufferState.initial(acceptance.all());
        for (TraceStep t : finding.trace()) {
            Optional<DeviceStep> step = stepAt(flow, t);
            if (step.isEmpty()) {
                continue;
            }
            TargetFlows.Event e = TargetFlows.answer(prediction, layout, t.actor(), state, step.get());
            events.add(e);
            if (e.failed()) {
                break;
            }
            state = e.after();
        }
        check = "counterexample " + finding.id() + " at line " + finding.loc().line();
        scenario(check, spec.name(), acceptance.all(), events);
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

    private void scenario(String name, String heap, long initialMask, List<TargetFlows.Event> events) {
        scenarios++;
        emit("# " + name);
        String first = events.isEmpty() ? "" : line(events.get(0).step().loc());
        command("new " + heap, new Expected("new " + heap, 0, initialMask, "-", "-", name, first, ""));
        String target = "";
        for (TargetFlows.Event e : events) {
            DeviceStep s = e.step();
            String cmd = s.op().keyword() + " " + names.apply(s.device().name());
            BufferState after = e.after();
            String alloc = after.chosen() < 0
                    ? "-"
                    : spec.allocators().get(after.chosen()).name();
            boolean mapped = !e.failed() && s.op() == org.censpec.model.Operation.MAP;
            if (e.outcome() != null && OBSERVABLE.contains(e.outcome()) && !e.outOfMemory()) {
                predict(e.outcome().id());
            }
            if (e.choice() != null) {
                target = e.choice().targetNote(spec);
            }
            int rc = e.outOfMemory()
                    ? -ENOMEM
                    : e.failed()
                            ? KernelAnswers.controlDeviceRefusal(e.outcome()).rc()
                            : 0;
            command(
                    cmd,
                    new Expected(
                            cmd,
                            rc,
                            after.mask(),
                            alloc,
                            mapped ? "ok" : "-",
                            name + ", " + e.actor() + " line " + s.loc().line(),
                            line(s.loc()),
                            target));
        }
    }

    /** "file:line" of a spec location, as failures name it. */
    private static String line(SourceLocation loc) {
        return loc.file() + ":" + loc.line();
    }

    private void predict(String findingId) {
        predicted.merge(findingId, 1L, Long::sum);
    }

    /**
     * How many commands of the plan the model judges late-attach, attach-after-map or
     * attach-rejected: what censpec replay must find in a trace recorded while the plan ran.
     */
    public Map<String, Long> predictedFindings() {
        return java.util.Collections.unmodifiableMap(predicted);
    }

    /**
     * How many findings censpec replay must give for the plan's expected -ENOMEM results (the
     * test kernel's limits, which the spec does not state): a failed map is a failed allocation
     * and a refused map, a failed CPU access only a failed allocation.
     */
    public long predictedOutOfMemory() {
        return expected.values().stream()
                .filter(e -> e.rc() == -ENOMEM && e.mask() != 0) // an empty mask's failure: the spec predicts it
                .mapToLong(e -> e.command().startsWith("map ") ? 2 : 1)
                .sum();
    }

    private void emit(String s) {
        text.append(s).append('\n');
        line++;
    }

    private void command(String cmd, Expected e) {
        emit(cmd);
        expected.put(line, e);
        checks.put(line, check);
    }

    /**
     * The check a command line belongs to: {@code flow F heap H} (with {@code (matched
     * stand-ins)}), {@code counterexample ID at line N} or the runtime scenario's title.
     */
    public String checkOf(int line) {
        return checks.getOrDefault(line, "");
    }

    public String text() {
        return text.toString();
    }

    /** The prediction every expectation of this plan comes from. */
    public Prediction prediction() {
        return prediction;
    }

    /**
     * The replay with each command's prediction as a guest-side expectation
     * ({@code COMMAND => rc=.. mask=.. alloc=.. place=..}, guest/README.md), so that a boot
     * without the host-side comparison (another kernel, a debug kernel) still judges it.
     */
    public String textWithExpectations() {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String l : text.toString().split("\n", -1)) {
            n++;
            Expected e = expected.get(n);
            if (e != null) {
                out.append(l).append(" => ").append(e.render()).append('\n');
            } else if (!l.isEmpty() || n < line) {
                out.append(l).append('\n');
            }
        }
        return out.toString();
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

    /**
     * What each heap must do under heap_abi_test, from the prediction: {@code --expect
     * HEAP=protected|any|BYTES|BYTES:protected} (CPU access, {@link Prediction#abiExpectation}:
     * the CPU backs a buffer from the allocators of the mask in priority order up to the first
     * protected one) and, for a share with {@code max_size}, {@code --max-len HEAP=BYTES} (a
     * longer buffer is refused with EINVAL).
     */
    public List<String> abiExpectations() {
        List<String> out = new ArrayList<>();
        for (HeapNames.Heap heap : HeapNames.of(spec)) {
            String name = Identifiers.heapName(heap.name());
            addExpectation(out, name, heap.mask());
            heap.share()
                    .flatMap(spec::share)
                    .flatMap(Share::maxSize)
                    .ifPresent(max -> out.addAll(List.of("--max-len", name + "=" + max)));
        }
        return out;
    }

    /** A heap with an empty mask (a broken spec's share) backs nothing: {@code HEAP=0}. */
    private void addExpectation(List<String> out, String heap, long mask) {
        out.add("--expect");
        out.add(heap + "=" + prediction.abiExpectation(mask));
    }

    /**
     * Whether an in-kernel importer's vmap of a fresh buffer of {@code len} from heap
     * {@code heap} (a node name) backs it and succeeds: the buffer is exported with vmap
     * ({@link CpuBacking#vmapOffered}) and CPU access can back it.
     */
    public boolean vmapBacks(String heap, long len) {
        long mask = HeapNames.of(spec).stream()
                .filter(h -> h.name().equals(heap))
                .mapToLong(HeapNames.Heap::mask)
                .findFirst()
                .orElse(0);
        return backing.vmapOffered(mask, len) && backing.forCpu(mask, len).backed();
    }

    /** Scenarios the target cannot run, each with why. */
    public List<String> notPlanned() {
        return List.copyOf(notPlanned);
    }

    /** Sync calls the plan's CPU accesses must cause, in order ("cpu" or "device"). */
    public List<String> syncs() {
        return List.copyOf(syncs);
    }
}
