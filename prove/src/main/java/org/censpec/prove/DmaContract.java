package org.censpec.prove;

import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What the data plan may expect of a buffer: the same sequence of maps, unmaps, device
 * transfers and bracketed CPU accesses played both on a guest that bounces every mapping
 * ({@link BounceMemory}, what the proof boots) and on non-coherent arm64 hardware
 * ({@link CachedMemory}, what the boards have), with the cache-maintenance calls an exporter
 * following {@code rules} makes. A read is expected to give a value only where both agree on
 * one: the DMA API's ownership contract then guarantees it, and a guest that shows another
 * value has an exporter that broke the contract. Attachments are synced in slot order (the
 * order they attached); a map while another attachment is mapped skips the CPU sync.
 */
public final class DmaContract {
    /** Regions of a plan's buffer: the first 2 KiB of each of its two pages. */
    public static final int REGIONS = 2;

    private final ExporterRules rules;
    private final BounceMemory bounce = new BounceMemory();
    private final CachedMemory cache = new CachedMemory();
    private final Map<Integer, DmaDirection> mapped = new TreeMap<>();

    public DmaContract(ExporterRules rules) {
        this.rules = rules;
    }

    public boolean mapped(int slot) {
        return mapped.containsKey(slot);
    }

    public DmaDirection direction(int slot) {
        return mapped.get(slot);
    }

    public void map(int slot, DmaDirection dir) {
        if (mapped.isEmpty()) {
            cache.clean();
        }
        mapped.put(slot, dir);
        bounce.map(slot);
    }

    public void unmap(int slot) {
        DmaDirection dir = mapped.remove(slot);
        bounce.unmap(slot, dir, rules.syncOnUnmap());
        if (rules.syncOnUnmap() && dir.deviceWrites()) {
            cache.invalidate();
        }
    }

    public void deviceWrite(int slot, int region, int value) {
        bounce.deviceWrite(slot, region, value);
        cache.deviceWrite(region, value);
    }

    /** What the device must read, if the contract says. */
    public OptionalInt deviceRead(int slot, int region) {
        return agree(bounce.deviceRead(slot, region), cache.deviceRead(region));
    }

    /** What a guest that bounces shows the device (for the plan's fault tests). */
    public int bouncedDeviceRead(int slot, int region) {
        return bounce.deviceRead(slot, region);
    }

    /** The CPU writes {@code value} between DMA_BUF_IOCTL_SYNC START and END with {@code access}. */
    public void cpuWrite(DmaDirection access, int region, int value) {
        begin(access);
        bounce.cpuWrite(region, value);
        cache.cpuWrite(region, value);
        end(access);
    }

    /** What the CPU must read between START and END, if the contract says. */
    public OptionalInt cpuRead(DmaDirection access, int region) {
        begin(access);
        OptionalInt v = agree(bounce.cpuRead(region), cache.cpuRead(region));
        end(access);
        return v;
    }

    /** What a guest that bounces shows the CPU (for the plan's fault tests). */
    public int bouncedCpuRead(DmaDirection access, int region) {
        begin(access);
        int v = bounce.cpuRead(region);
        end(access);
        return v;
    }

    private void begin(DmaDirection access) {
        if (!rules.beginSyncsMapped()) {
            return;
        }
        mapped.forEach((slot, dir) -> {
            DmaDirection d = rules.mappingDirection() ? dir : access;
            bounce.syncForCpu(slot, d);
            if (d.deviceWrites()) {
                cache.invalidate();
            }
        });
    }

    private void end(DmaDirection access) {
        if (!rules.endSyncsMapped()) {
            return;
        }
        mapped.forEach((slot, dir) -> {
            bounce.syncForDevice(slot, rules.mappingDirection() ? dir : access);
            cache.clean();
        });
    }

    private static OptionalInt agree(int bounced, OptionalInt cached) {
        return cached.isPresent() && cached.getAsInt() == bounced ? cached : OptionalInt.empty();
    }
}
