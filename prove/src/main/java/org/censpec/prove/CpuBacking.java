package org.censpec.prove;

import org.censpec.model.Allocator;
import org.censpec.model.Backend;
import org.censpec.model.Spec;

/**
 * Which allocator backs a buffer, and whether the CPU may touch it, as the runtime decides
 * (docs/kernel-module.md, "Protected memory"): the allocators left in the buffer's mask are
 * tried in priority order and the first that can serve the buffer backs it, whoever asked.
 * When the CPU asks (mmap, DMA_BUF_IOCTL_SYNC, vmap) and that allocator would be a protected
 * one, the CPU is refused with EPERM and nothing is backed; fallback never carries CPU
 * access into protected memory.
 */
public final class CpuBacking {
    public static final int EPERM = 1;
    public static final int ENOMEM = 12;
    public static final int EINVAL = 22;
    static final long PAGE = 4096;

    /** The outcome: the allocator (priority) that backs the buffer, or -1 with the errno. */
    public record Outcome(int allocator, int errno) {
        public boolean backed() {
            return allocator >= 0;
        }
    }

    private final Spec spec;
    private final Prediction prediction;

    /** Backing as the one prediction of a prove run sees it: the model plus what the target provides. */
    public CpuBacking(Prediction prediction) {
        this.spec = prediction.spec();
        this.prediction = prediction;
    }

    /** Backing on a target with {@code memory} (its RAM included: an allocator bounded at or below it has none). */
    public CpuBacking(Spec spec, TargetMemory memory) {
        this(new Prediction(spec, memory));
    }

    /** Whether {@code a} can back {@code len} bytes on the target ({@link Prediction#serves}). */
    public boolean serves(Allocator a, long len) {
        return prediction.serves(a, len);
    }

    /** Backing for a device's map: the first allocator of {@code mask} that serves ({@link Prediction#choose}). */
    public Outcome forDevice(long mask, long len) {
        if (mask == 0) {
            return new Outcome(-1, ENOMEM); // no allocator to try: none is left
        }
        int a = prediction.choose(mask, len).allocator();
        return new Outcome(a, a < 0 ? ENOMEM : 0);
    }

    /** Backing for the CPU: as for a device, refused (EPERM, nothing backed) if that is protected. */
    public Outcome forCpu(long mask, long len) {
        if (mask == 0) {
            return new Outcome(-1, ENOMEM); // no allocator to try: none is left
        }
        for (Allocator a : spec.allocators()) {
            if ((mask & (1L << a.priority())) == 0) {
                continue;
            }
            if (a.protectedMemory()) {
                return new Outcome(-1, EPERM);
            }
            if (serves(a, len)) {
                return new Outcome(a.priority(), 0);
            }
        }
        return new Outcome(-1, ENOMEM);
    }

    /**
     * Whether the module exports a buffer of {@code len} from a heap whose buffers start with
     * {@code mask} with vmap, before anything backs it: when no allocator of the mask is
     * protected and one can give a block that large as far as the module knows at load (a CMA
     * area's size it cannot know). Otherwise vmap is offered once CPU-accessible memory backs
     * the buffer, and the dma-buf core refuses it before (EINVAL).
     */
    public boolean vmapOffered(long mask, long len) {
        boolean fits = false;
        for (Allocator a : spec.allocators()) {
            if ((mask & (1L << a.priority())) == 0) {
                continue;
            }
            if (a.protectedMemory()) {
                return false;
            }
            boolean cmaArea = a.backend() == Backend.CONTIGUOUS
                    && a.region().isEmpty()
                    && prediction.memory().cma();
            fits |= cmaArea ? prediction.unusable(a).isEmpty() : serves(a, len);
        }
        return fits;
    }

    /** Allocators the CPU may access. */
    public long cpuMask() {
        long m = 0;
        for (Allocator a : spec.allocators()) {
            if (!a.protectedMemory()) {
                m |= 1L << a.priority();
            }
        }
        return m;
    }
}
