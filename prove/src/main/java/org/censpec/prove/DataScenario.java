package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One scenario of the data plan: a buffer of two pages from one heap, attached to the DMA
 * importer's engines in slots 0..n-1, then maps, unmaps, transfers by the engines and
 * bracketed CPU accesses. Every read is predicted by a {@link DmaContract} of the correct
 * exporter; a read the contract leaves open is not made (a device read costs two DMAs).
 */
public final class DataScenario {
    /** What one step does; CPU steps carry the DMA_BUF_IOCTL_SYNC access direction. */
    public enum Kind {
        MAP,
        UNMAP,
        DEVICE_WRITE,
        DEVICE_READ,
        CPU_WRITE,
        CPU_READ
    }

    /** One step; {@code expected} is what a read must give. */
    public record Op(Kind kind, int slot, DmaDirection dir, int region, int value, OptionalInt expected) {}

    /** The byte offset of each region: the start of each page. */
    static final long REGION_BYTES = 4096;

    private final String title;
    private final String heap;
    private final int slots;
    private final List<Op> ops = new ArrayList<>();
    private final DmaContract contract = new DmaContract(ExporterRules.CORRECT);
    private final Values values;

    /** Fresh values for writes, unique over the whole plan. */
    static final class Values {
        private int next = 0x5a000001;

        int fresh() {
            return next++;
        }
    }

    DataScenario(String title, String heap, int slots, Values values) {
        this.title = title;
        this.heap = heap;
        this.slots = slots;
        this.values = values;
    }

    public String title() {
        return title;
    }

    public String heap() {
        return heap;
    }

    public int slots() {
        return slots;
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }

    boolean mapped(int slot) {
        return contract.mapped(slot);
    }

    DmaDirection direction(int slot) {
        return contract.direction(slot);
    }

    void map(int slot, DmaDirection dir) {
        contract.map(slot, dir);
        ops.add(new Op(Kind.MAP, slot, dir, 0, 0, OptionalInt.empty()));
    }

    void unmap(int slot) {
        contract.unmap(slot);
        ops.add(new Op(Kind.UNMAP, slot, null, 0, 0, OptionalInt.empty()));
    }

    /** The device of {@code slot} writes a fresh value; returns it. */
    int deviceWrite(int slot, int region) {
        int v = values.fresh();
        contract.deviceWrite(slot, region, v);
        ops.add(new Op(Kind.DEVICE_WRITE, slot, null, region, v, OptionalInt.empty()));
        return v;
    }

    /** The device of {@code slot} reads, if the contract says what it must see. */
    void deviceRead(int slot, int region) {
        OptionalInt want = contract.deviceRead(slot, region);
        if (want.isPresent()) {
            ops.add(new Op(Kind.DEVICE_READ, slot, null, region, 0, want));
        }
    }

    int cpuWrite(DmaDirection access, int region) {
        int v = values.fresh();
        contract.cpuWrite(access, region, v);
        ops.add(new Op(Kind.CPU_WRITE, -1, access, region, v, OptionalInt.empty()));
        return v;
    }

    void cpuRead(DmaDirection access, int region) {
        OptionalInt want = contract.cpuRead(access, region);
        if (want.isPresent()) {
            ops.add(new Op(Kind.CPU_READ, -1, access, region, 0, want));
        }
    }

    /** Reads made. */
    long checks() {
        return ops.stream().filter(o -> o.expected().isPresent()).count();
    }

    /** Transfers by the engines (each two DMAs on qemu's edu). */
    long transfers() {
        return ops.stream()
                .filter(o -> o.kind() == Kind.DEVICE_WRITE || o.kind() == Kind.DEVICE_READ)
                .count();
    }

    /** The scenario as data plan lines (prove/guest/README.md, "Data plan"). */
    List<String> lines(int engines, long len) {
        List<String> out = new ArrayList<>();
        out.add("# " + title);
        out.add("new " + heap + " " + len + " => rc=0");
        for (int s = 0; s < slots; s++) {
            out.add("attach " + s + " " + (s % engines) + " => rc=0");
        }
        ops.forEach(o -> out.add(line(o)));
        out.add("close");
        return out;
    }

    private static String line(Op o) {
        long offset = o.region() * REGION_BYTES;
        String want = o.expected().isPresent() ? " => value=" + hex(o.expected().getAsInt()) : " => rc=0";
        return switch (o.kind()) {
            case MAP -> "map " + o.slot() + " " + o.dir().word() + want;
            case UNMAP -> "unmap " + o.slot() + want;
            case DEVICE_WRITE -> "dev-write " + o.slot() + " " + offset + " " + hex(o.value()) + want;
            case DEVICE_READ -> "dev-read " + o.slot() + " " + offset + want;
            case CPU_WRITE -> "cpu-write " + flags(o.dir()) + " " + offset + " " + hex(o.value()) + want;
            case CPU_READ -> "cpu-read " + flags(o.dir()) + " " + offset + want;
        };
    }

    /** DMA_BUF_SYNC_READ is the from-device direction, _WRITE to-device, _RW bidirectional. */
    static String flags(DmaDirection access) {
        return switch (access) {
            case BIDI -> "rw";
            case TO_DEVICE -> "w";
            case FROM_DEVICE -> "r";
        };
    }

    static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
