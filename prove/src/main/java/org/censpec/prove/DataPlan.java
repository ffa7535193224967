package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.censpec.codegen.emit.Identifiers;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;
import org.censpec.model.Device;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.HeapNames;

/**
 * The data plan of the data-visible proof (prove/guest/README.md, "Data plan"), played by
 * data_check in a guest booted with {@code swiotlb=force} and the DMA importer's engines:
 *
 * <ul>
 * <li>every order of map and unmap the flows and the runtime scenarios allow
 * ({@link MappingOrders}), once with each attachment as the writer, mapped from-device or
 * bidirectional in turn, the others to-device. The writer's device writes and the CPU reads
 * it while the writer is mapped; the writer's last write comes right before its unmap and
 * the CPU reads it after; a bidirectional writer's CPU access writes the other region under
 * a write-only sync, which must not lose the device's data; after the order's last map the
 * CPU writes and every mapped reader's device reads. Expectations come from
 * {@link DmaContract}; the scenarios rotate over the heaps the importer can use;</li>
 * <li>an in-kernel dma_buf_vmap() with no begin/end_cpu_access: on a fresh buffer, which it
 * backs, or, where protected memory may back the buffer, refused until CPU access backed
 * it;</li>
 * <li>CPU access refused (EPERM, and vmap not offered) where backing would give protected
 * memory, also after fallback past an allocator that cannot serve the size;</li>
 * <li>with a memory controller: who is charged for a buffer (charge), racing first accesses
 * that must back it once (race), and each region filled, freed and filled again (fill).</li>
 * </ul>
 */
public final class DataPlan {
    /**
     * What the target gives: its memory (its RAM included), the engines the scenarios use
     * (behind no IOMMU or in an IOMMU's identity domain, so that swiotlb bounces their
     * mappings), a memory controller, the narrowest DMA mask an engine can take there (28 bits
     * on x86-64, 31 on arm64 virt, whose RAM starts at 1 GiB), or 0 when the engines sit
     * behind no IOMMU in an identity domain, and the engine behind an IOMMU that translates
     * (the one after the scenarios' engines), or -1 when there is none.
     */
    public record Target(
            TargetMemory memory, int engines, boolean memcg, int identityNarrowBits, int translatingEngine) {
        public Target(TargetMemory memory, int engines, boolean memcg, int identityNarrowBits) {
            this(memory, engines, memcg, identityNarrowBits, -1);
        }
    }

    /** Two pages: a buffer of more than one page, its regions on different pages. */
    public static final long LEN = 2 * DataScenario.REGION_BYTES;
    /** Buffers of the charge and race measurements. */
    static final long CHARGE_LEN = 16L << 20;
    /** Within one buddy block (4 MiB) of a contiguous allocator without CMA. */
    static final long CONTIGUOUS_CHARGE_LEN = 2L << 20;

    static final long RACE_LEN = 32L << 20;
    static final int RACERS = 4;
    /** Slack for the processes' own memory in a measurement, in KiB. */
    static final long SLACK_KB = 1024;

    static final int EINVAL = CpuBacking.EINVAL;

    private final Spec spec;
    private final Target target;
    private final CpuBacking backing;
    private final Acceptance acceptance;
    private final DataScenario.Values values = new DataScenario.Values();
    private final List<DataScenario> scenarios = new ArrayList<>();
    private final List<String> text = new ArrayList<>();
    private Optional<Device> registered = Optional.empty();
    private long checks;

    private DataPlan(Spec spec, Target target) {
        this.spec = spec;
        this.target = target;
        this.backing = new CpuBacking(spec, target.memory());
        this.acceptance = new Acceptance(spec);
    }

    public static DataPlan of(Spec spec, Target target, int limitPerFlow) {
        DataPlan p = new DataPlan(spec, target);
        List<String> heaps = p.importerHeaps();
        int n = 0;
        for (List<MappingOrders.Step> order : MappingOrders.of(spec, limitPerFlow)) {
            for (int writer = 0; writer < MappingOrders.slots(order) && !heaps.isEmpty(); writer++) {
                // from-device and bidirectional writers in turn, over the orders and the heaps
                DmaDirection dir = n % 2 == 0 ? DmaDirection.FROM_DEVICE : DmaDirection.BIDI;
                p.add(p.variant(order, writer, dir, heaps.get(n++ % heaps.size())));
            }
        }
        p.vmapProbes(heaps);
        p.refusals();
        p.identityDomain();
        p.translatingIommu();
        p.specIommuDevice();
        if (target.memcg()) {
            p.measurements();
            p.fills();
        }
        return p;
    }

    /**
     * A heap of the module: its node's name, the access mask its buffers start with, and the
     * longest buffer it allocates (a share's max_size; longer ones are refused with EINVAL).
     */
    private record Heap(String name, long mask, long max) {}

    /** The heaps, the generic first. */
    private List<Heap> heaps() {
        List<Heap> out = new ArrayList<>();
        for (HeapNames.Heap h : HeapNames.of(spec)) {
            if (!h.alias()) {
                out.add(new Heap(
                        Identifiers.heapName(h.name()),
                        h.mask(),
                        h.share().flatMap(spec::share).flatMap(Share::maxSize).orElse(Prediction.MAX_LEN)));
            }
        }
        return out;
    }

    /**
     * The heaps whose buffers the importer's engines can attach and the CPU back: an engine is
     * an unregistered 64-bit device without an IOMMU, so the runtime gives it every
     * CPU-accessible allocator.
     */
    private List<String> importerHeaps() {
        List<String> out = new ArrayList<>();
        for (Heap h : heaps()) {
            if (backing.forCpu(h.mask() & backing.cpuMask(), LEN).backed()) {
                out.add(h.name());
            }
        }
        return out;
    }

    private DataScenario variant(List<MappingOrders.Step> order, int writer, DmaDirection writerDir, String heap) {
        DataScenario s = new DataScenario(
                "order " + order + ", writer " + writer + " mapped " + writerDir.word()
                        + ", the others to-device, on heap " + heap,
                heap,
                MappingOrders.slots(order),
                values);
        for (int r = 0; r < DmaContract.REGIONS; r++) {
            s.cpuWrite(DmaDirection.BIDI, r);
        }
        int lastMap = 0;
        for (int i = 0; i < order.size(); i++) {
            lastMap = order.get(i).map() ? i : lastMap;
        }
        for (int i = 0; i < order.size(); i++) {
            MappingOrders.Step step = order.get(i);
            if (step.map()) {
                s.map(step.slot(), step.slot() == writer ? writerDir : DmaDirection.TO_DEVICE);
            }
            if (step.map() && step.slot() == writer) {
                writerProbes(s, writer, writerDir);
            }
            if (i == lastMap) {
                readerProbes(s);
            }
            if (!step.map() && step.slot() == writer) {
                // the last thing before the unmap: only the unmap's sync can carry it to the CPU
                s.deviceWrite(writer, 0);
                s.unmap(writer);
                s.cpuRead(DmaDirection.FROM_DEVICE, 0);
            } else if (!step.map()) {
                s.unmap(step.slot());
            }
        }
        return s;
    }

    /**
     * The writer's device writes and the CPU reads it while the writer is mapped; a
     * bidirectional writer also gets a CPU write of the other region under a write-only sync
     * (which must not lose the device's data) and reads it back by DMA. (A second device
     * write comes right before the writer's unmap.)
     */
    private static void writerProbes(DataScenario s, int writer, DmaDirection dir) {
        s.deviceWrite(writer, 0);
        if (dir == DmaDirection.BIDI) {
            s.cpuWrite(DmaDirection.TO_DEVICE, 1);
            s.cpuRead(DmaDirection.FROM_DEVICE, 0);
            s.deviceRead(writer, 1);
        } else {
            s.cpuRead(DmaDirection.FROM_DEVICE, 0);
        }
    }

    /** The CPU writes; every mapped device that reads must see it (once, when the most are mapped). */
    private static void readerProbes(DataScenario s) {
        s.cpuWrite(DmaDirection.BIDI, 1);
        for (int slot = 0; slot < s.slots(); slot++) {
            if (s.mapped(slot) && s.direction(slot).deviceReads()) {
                s.deviceRead(slot, 1);
            }
        }
    }

    private void add(DataScenario s) {
        scenarios.add(s);
        text.addAll(s.lines(target.engines(), LEN));
        checks += s.checks();
    }

    /**
     * An in-kernel importer's vmap without begin/end_cpu_access, on the first importer heap
     * whose fresh buffers are exported with vmap (it backs the buffer, as vb2-vmalloc's vmap
     * does) and on the first where protected memory keeps it back until CPU access backs the
     * buffer (refused with EINVAL before, no WARN); then the vmap sees what the CPU wrote and
     * the CPU what the vmap wrote.
     */
    private void vmapProbes(List<String> importerHeaps) {
        for (boolean offered : List.of(true, false)) {
            heaps().stream()
                    .filter(h -> importerHeaps.contains(h.name()))
                    .filter(h -> backing.vmapOffered(h.mask(), LEN) == offered)
                    // CPU access must back the buffer: not where it meets a protected allocator first
                    .filter(h -> backing.forCpu(h.mask(), LEN).backed())
                    .findFirst()
                    .ifPresent(h -> vmapProbe(h.name(), offered));
        }
    }

    private void vmapProbe(String heap, boolean offered) {
        int a = values.fresh();
        int b = values.fresh();
        expect(
                "# in-kernel vmap, no begin/end_cpu_access, on heap " + heap
                        + (offered
                                ? ": a fresh buffer is backed by the vmap"
                                : ": no vmap until CPU access backs the buffer"),
                null);
        expect("new " + heap + " " + LEN, "rc=0");
        expect("vmap-read 0", offered ? "value=" + DataScenario.hex(0) : "rc=-" + EINVAL);
        expect("cpu-write rw 0 " + DataScenario.hex(a), "rc=0");
        expect("vmap-read 0", "value=" + DataScenario.hex(a));
        expect("vmap-write " + DataScenario.REGION_BYTES + " " + DataScenario.hex(b), "rc=0");
        expect("cpu-read rw " + DataScenario.REGION_BYTES, "value=" + DataScenario.hex(b));
        text.add("close");
    }

    /**
     * Every heap and size where backing would give protected memory: mmap and
     * DMA_BUF_IOCTL_SYNC refused with EPERM, vmap not offered, also after a fallback past
     * allocators that cannot serve the size.
     */
    private void refusals() {
        for (Heap h : heaps()) {
            long mask = h.mask();
            for (long len : refusalSizes(mask)) {
                if (len > h.max() || backing.forCpu(mask, len).errno() != CpuBacking.EPERM) {
                    continue;
                }
                expect(
                        "# CPU access refused: backing " + len + " bytes on heap " + h.name()
                                + " would give protected memory",
                        null);
                expect("new " + h.name() + " " + len, "rc=0");
                expect("cpu-read rw 0", "rc=-" + CpuBacking.EPERM);
                expect("mmap", "rc=-" + CpuBacking.EPERM);
                expect("vmap-read 0", "rc=-" + EINVAL);
                text.add("close");
                break;
            }
        }
    }

    /**
     * An engine behind an IOMMU in an identity (passthrough) domain translates nothing: given
     * a narrow DMA mask, it must get only the allocators its mask reaches, not every
     * CPU-accessible one as a device behind a translating IOMMU would. Played on a heap where
     * that leaves nothing (attach refused with EINVAL), when the spec has one.
     */
    private void identityDomain() {
        int bits = target.identityNarrowBits();
        if (bits == 0) {
            return;
        }
        long reach = 0;
        for (Allocator a : spec.allocators()) {
            if (!a.protectedMemory() && Long.compareUnsigned(DmaView.lastByte(a), (1L << bits) - 1) <= 0) {
                reach |= 1L << a.priority();
            }
        }
        for (Heap h : heaps()) {
            if ((h.mask() & backing.cpuMask()) == 0 || (h.mask() & reach) != 0) {
                continue;
            }
            int engine = target.engines() - 1;
            expect(
                    "# engine " + engine + " in an IOMMU's identity domain with a " + bits + "-bit DMA mask: nothing"
                            + " translates for it, so it gets only the allocators it reaches, none on heap " + h.name(),
                    null);
            expect("new " + h.name() + " " + LEN, "rc=0");
            expect("engine-mask " + engine + " " + bits, "rc=0");
            expect("attach 0 " + engine, "rc=-" + EINVAL);
            text.add("close");
            expect("engine-mask " + engine + " 64", "rc=0");
            return;
        }
    }

    /** A 24-bit DMA mask: below every page of the guest's RAM (x86-64: ZONE_DMA; arm64 virt: RAM from 1 GiB). */
    static final int TRANSLATING_BITS = 24;
    /** Two segments of the exporter's table: PCI devices take segments of at most 64 KiB. */
    static final long TRANSLATING_LEN = 128L << 10;
    /** 2 KiB across the two segments (and two pages): one transfer through one IOVA range. */
    static final long STRADDLE = (64L << 10) - 1024;

    /**
     * The engine behind an IOMMU that translates (a DMA domain), with a DMA mask below every
     * page of RAM: the runtime must see the IOMMU and give it every CPU-accessible allocator,
     * on each heap whose buffers a device can back; the buffer, two segments of the exporter's
     * table, must be mapped to one IOVA range inside the mask while its pages lie above it,
     * and a transfer across the segments must move the data both ways.
     */
    private void translatingIommu() {
        int e = target.translatingEngine();
        if (e < 0) {
            return;
        }
        long limit = 1L << TRANSLATING_BITS;
        expect("# engine " + e + " behind an IOMMU that translates, the others in identity domains", null);
        expect("engine-iommu " + e, "rc=0 translating=1");
        for (int i = 0; i < target.engines(); i++) {
            expect("engine-iommu " + i, "rc=0 translating=0");
        }
        expect("engine-mask " + e + " " + TRANSLATING_BITS, "rc=0");
        translatingRefusals(e);
        for (Heap h : heaps()) {
            if (TRANSLATING_LEN > h.max()
                    || !backing.forDevice(h.mask() & backing.cpuMask(), TRANSLATING_LEN)
                            .backed()) {
                continue;
            }
            expect(
                    "# heap " + h.name() + ": engine " + e + " with a " + TRANSLATING_BITS + "-bit mask gets every"
                            + " CPU-accessible allocator; its map backs the buffer, one IOVA range inside the mask",
                    null);
            oneIovaRange(e, h, " dma_last<" + limit + " phys_low>=" + limit);
        }
        expect("engine-mask " + e + " 64", "rc=0");
    }

    /**
     * An IOMMU maps any page, but nothing says the device may see protected memory: on each
     * heap whose allocators are all protected, the translating engine's attach is refused.
     */
    private void translatingRefusals(int e) {
        for (Heap h : heaps()) {
            if (h.mask() == 0 || (h.mask() & backing.cpuMask()) != 0) {
                continue;
            }
            expect(
                    "# heap " + h.name() + ": only protected allocators, which no IOMMU makes an unnamed device's",
                    null);
            expect("new " + h.name() + " " + LEN, "rc=0");
            expect("attach 0 " + e, "rc=-" + EINVAL);
            text.add("close");
        }
    }

    /** The narrowest DMA mask the DMA importer gives an engine. */
    static final int NARROWEST_BITS = 24;

    /**
     * The translating engine as the spec's first device declared {@code iommu}, registered
     * through the module's exported {@code <spec>_register_device()} as its driver would. The
     * runtime holds it to its promise, the IOVA width: with a DMA mask one bit narrower than its
     * {@code dma_bits} the registration is refused (EINVAL), and so is the attach of a registered
     * device whose mask narrowed since; with exactly {@code dma_bits} it gets the model's mask
     * for that device on every heap ({@link #specIommuHeap}). Then it is unregistered.
     */
    private void specIommuDevice() {
        int e = target.translatingEngine();
        Optional<Device> iommu = spec.devices().stream().filter(Device::iommu).findFirst();
        if (e < 0 || iommu.isEmpty()) {
            return;
        }
        Device d = iommu.get();
        registered = iommu;
        int bits = d.dmaBits();
        String register =
                "register " + e + " " + spec.name() + " " + spec.devices().indexOf(d);
        expect(
                "# engine " + e + " as spec device " + d.name() + " (iommu, dma_bits " + bits + "), registered"
                        + " through " + spec.name() + "_register_device(): its DMA mask must cover the IOVA width",
                null);
        boolean narrower = bits - 1 >= NARROWEST_BITS;
        if (narrower) {
            expect("engine-mask " + e + " " + (bits - 1), "rc=0");
            expect(register, "rc=-" + EINVAL);
        }
        expect("engine-mask " + e + " " + bits, "rc=0");
        expect(register, "rc=0");
        long mask = acceptance.mask(d);
        Optional<Heap> attachable =
                heaps().stream().filter(h -> (h.mask() & mask) != 0).findFirst();
        if (narrower && attachable.isPresent()) {
            expect("# registered, then its DMA mask narrowed below dma_bits: no allocator for it", null);
            expect("engine-mask " + e + " " + (bits - 1), "rc=0");
            expect("new " + attachable.get().name() + " " + LEN, "rc=0");
            expect("attach 0 " + e, "rc=-" + EINVAL);
            text.add("close");
            expect("engine-mask " + e + " " + bits, "rc=0");
        }
        for (Heap h : heaps()) {
            specIommuHeap(e, d, h);
        }
        expect("unregister " + e + " " + spec.name(), "rc=0");
        expect("engine-mask " + e + " 64", "rc=0");
    }

    /**
     * Spec device {@code d} on heap {@code h}, as the model predicts it: the attach refused
     * (EINVAL) where the heap has none of the allocators the device accepts; else, where its map
     * backs two segments of the exporter's table from an allocator the CPU may touch, the map
     * is one IOVA range inside {@code dma_bits} and a transfer across the segments moves the
     * data both ways.
     */
    private void specIommuHeap(int e, Device d, Heap h) {
        long mask = h.mask() & acceptance.mask(d);
        if (mask == 0) {
            expect("# heap " + h.name() + ": none of the allocators spec device " + d.name() + " accepts", null);
            expect("new " + h.name() + " " + LEN, "rc=0");
            expect("attach 0 " + e, "rc=-" + EINVAL);
            text.add("close");
            return;
        }
        CpuBacking.Outcome o = backing.forDevice(mask, TRANSLATING_LEN);
        if (TRANSLATING_LEN > h.max()
                || !o.backed()
                || spec.allocators().get(o.allocator()).protectedMemory()) {
            return;
        }
        expect(
                "# heap " + h.name() + ": spec device " + d.name() + " backs the buffer from allocator "
                        + spec.allocators().get(o.allocator()).name() + ", one IOVA range inside " + d.dmaBits()
                        + " bits",
                null);
        oneIovaRange(e, h, d.dmaBits() < 63 ? " dma_last<" + (1L << d.dmaBits()) : "");
    }

    /**
     * Engine {@code e} attaches a fresh buffer of heap {@code h} and maps it: two segments of the
     * exporter's table at one IOVA range ({@code where}: more words its map result must meet);
     * a transfer across the segments written by the device is read by the CPU, one the CPU
     * wrote is read by the device.
     */
    private void oneIovaRange(int e, Heap h, String where) {
        int v = values.fresh();
        int w = values.fresh();
        expect("new " + h.name() + " " + TRANSLATING_LEN, "rc=0");
        expect("attach 0 " + e, "rc=0");
        expect("map 0 bidi", "rc=0 cpu_segments>=2 dma_ranges=1" + where);
        expect("dev-write 0 " + STRADDLE + " " + DataScenario.hex(v), "rc=0");
        expect("cpu-read rw " + STRADDLE, "rc=0 value=" + DataScenario.hex(v));
        expect("cpu-write rw " + STRADDLE + " " + DataScenario.hex(w), "rc=0");
        expect("dev-read 0 " + STRADDLE, "rc=0 value=" + DataScenario.hex(w));
        expect("unmap 0", "rc=0");
        expect("detach 0", "rc=0");
        text.add("close");
    }

    /** Two pages, and one page more than each contiguous allocator of the mask can serve. */
    private List<Long> refusalSizes(long mask) {
        List<Long> out = new ArrayList<>(List.of(LEN));
        for (Allocator a : spec.allocators()) {
            long largest = target.memory().largest(a);
            if ((mask & (1L << a.priority())) != 0 && a.backend() == Backend.CONTIGUOUS && largest < (1L << 30)) {
                out.add(largest + CpuBacking.PAGE);
            }
        }
        return out;
    }

    /**
     * charge: the process that created the buffer pays for it, not the one whose access
     * backed it (docs/kernel-module.md, "Memory accounting"), once for the pages backends and
     * once for contiguous blocks from the buddy allocator where the target charges them; race:
     * first accesses at once back the buffer once.
     */
    private void measurements() {
        boolean any = false;
        for (boolean contiguous : List.of(false, true)) {
            long len = contiguous ? CONTIGUOUS_CHARGE_LEN : CHARGE_LEN;
            for (Heap h : heaps()) {
                // the CPU access backs from the buffer's whole mask: refused at a protected allocator
                CpuBacking.Outcome c = backing.forCpu(h.mask(), len);
                if (len > h.max()
                        || !c.backed()
                        || !charged(c.allocator())
                        || (spec.allocators().get(c.allocator()).backend() == Backend.CONTIGUOUS) != contiguous) {
                    continue;
                }
                charge(h.name(), len, spec.allocators().get(c.allocator()).name());
                any = true;
                break;
            }
        }
        for (Heap h : heaps()) {
            CpuBacking.Outcome r = backing.forCpu(h.mask(), RACE_LEN);
            if (RACE_LEN <= h.max() && r.backed() && charged(r.allocator())) {
                long race = RACE_LEN / 1024;
                expect(
                        "# " + RACERS
                                + " first accesses at once (sync, mmap, importer map): one backing, nothing leaked",
                        null);
                expect(
                        "race " + h.name() + " " + RACE_LEN + " " + RACERS,
                        "rc=0 ok=" + RACERS + " charged_kb>=" + race * 3 / 4 + " charged_kb<" + race * 5 / 4
                                + " leaked_kb<" + SLACK_KB / 2);
                break;
            }
        }
        if (!any) {
            expect("# no heap whose CPU backing lands on memory the kernel charges to a memory cgroup", null);
        }
    }

    private void charge(String heap, long len, String allocator) {
        long kb = len / 1024;
        expect(
                "# who is charged for a buffer from allocator " + allocator + ": its creator, not the process whose"
                        + " access backed it",
                null);
        expect(
                "charge " + heap + " " + len,
                "rc=0 creator_kb>=" + kb * 3 / 4 + " creator_kb<" + (kb + SLACK_KB) + " backer_kb<" + SLACK_KB
                        + " creator_after_kb<" + SLACK_KB + " backer_after_kb<" + SLACK_KB);
    }

    /** Refused attempts of a fill after its region is full. */
    static final int FILL_EXTRA = 4;

    /**
     * fill: every heap whose one-page buffers only a region allocator can back is filled until
     * the region refuses, tried {@link #FILL_EXTRA} times more, freed, and filled again: the
     * region must take as many buffers the second time, the refused blocks must be freed.
     */
    private void fills() {
        for (Heap h : heaps()) {
            List<Allocator> serving = spec.allocators().stream()
                    .filter(a -> (h.mask() & backing.cpuMask() & (1L << a.priority())) != 0)
                    .filter(a -> backing.serves(a, CpuBacking.PAGE))
                    .toList();
            if (serving.size() != 1 || serving.get(0).region().isEmpty()) {
                continue;
            }
            Allocator a = serving.get(0);
            if (backing.forCpu(h.mask(), CpuBacking.PAGE).allocator() != a.priority()) {
                continue; // a protected allocator before it refuses every CPU access
            }
            long held = target.memory().largest(a) / Math.max(CpuBacking.PAGE, a.align());
            expect(
                    "# region " + a.region().get().value() + " of allocator " + a.name() + " filled, freed and filled"
                            + " again on heap " + h.name() + ": every block back, every refused block freed",
                    null);
            expect(
                    "fill " + h.name() + " " + CpuBacking.PAGE + " " + FILL_EXTRA,
                    "rc=0 held=" + held + " refused=" + FILL_EXTRA + " again=" + held + " leaked_kb<" + SLACK_KB / 2);
        }
    }

    /** Whether the kernel charges the creator's memory cgroup for a block of allocator {@code i}. */
    private boolean charged(int i) {
        Allocator a = spec.allocators().get(i);
        return a.backend() != Backend.CONTIGUOUS
                || (a.region().isEmpty() && !target.memory().cma());
    }

    private void expect(String command, String want) {
        if (want == null) {
            text.add(command);
            return;
        }
        text.add(command + " => " + want);
        checks++;
    }

    public String text() {
        return String.join("\n", text) + "\n";
    }

    public List<DataScenario> scenarios() {
        return List.copyOf(scenarios);
    }

    /** The spec's name, its module's prefix. */
    public String specName() {
        return spec.name();
    }

    /** The spec device the translating engine was registered as ({@link #specIommuDevice}), if any. */
    public Optional<Device> registered() {
        return registered;
    }

    /**
     * The engines the plan attaches successfully at least once: the runtime logs an importer the
     * spec does not name at its first attach, so only these have a runtime line to judge.
     */
    public Set<Integer> attachedEngines() {
        Set<Integer> engines = new TreeSet<>();
        for (String line : text) {
            Matcher m = ATTACHED.matcher(line);
            if (m.matches()) {
                engines.add(Integer.parseInt(m.group(1)));
            }
        }
        return engines;
    }

    private static final Pattern ATTACHED = Pattern.compile("attach \\d+ (\\d+) => rc=0( .*)?");

    /** Reads and results the guest checks. */
    public long checks() {
        return checks;
    }

    /** Engine transfers of the plan (each two DMAs of about 100 ms on qemu's edu). */
    public long transfers() {
        return scenarios.stream().mapToLong(DataScenario::transfers).sum();
    }
}
