package org.censpec.prove;

import java.util.Map;
import java.util.TreeMap;

/**
 * A buffer as a guest booted with {@code swiotlb=force} holds it: the buffer's own pages,
 * which the CPU reads and writes, and one bounce copy per streaming mapping, which the
 * device reads and writes. swiotlb fills a bounce copy from the pages at every map (since
 * Linux 6.0, whatever the direction), copies it back at an unmap or a sync for the CPU in a
 * direction the device may write in (from-device, bidirectional), and refreshes it at a sync
 * for the device in a direction the device may read in (to-device, bidirectional). The
 * buffer is {@link DmaContract#REGIONS} regions of one value each.
 */
final class BounceMemory {
    private int[] pages = new int[DmaContract.REGIONS];
    private final Map<Integer, int[]> bounce = new TreeMap<>();

    void map(int slot) {
        bounce.put(slot, pages.clone());
    }

    /** An unmap; {@code sync} false is DMA_ATTR_SKIP_CPU_SYNC. */
    void unmap(int slot, DmaDirection dir, boolean sync) {
        if (sync) {
            syncForCpu(slot, dir);
        }
        bounce.remove(slot);
    }

    void syncForCpu(int slot, DmaDirection dir) {
        if (dir.deviceWrites()) {
            pages = bounce.get(slot).clone();
        }
    }

    void syncForDevice(int slot, DmaDirection dir) {
        if (dir.deviceReads()) {
            bounce.put(slot, pages.clone());
        }
    }

    void deviceWrite(int slot, int region, int value) {
        bounce.get(slot)[region] = value;
    }

    int deviceRead(int slot, int region) {
        return bounce.get(slot)[region];
    }

    void cpuWrite(int region, int value) {
        pages[region] = value;
    }

    int cpuRead(int region) {
        return pages[region];
    }
}
