package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.censpec.codegen.emit.Identifiers;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.semantics.HeapNames;

/**
 * The one prediction every check of {@code censpec prove} uses: the spec's model plus what
 * the target provides ({@link TargetMemory}). The model allocates from the first allocator of
 * the access mask; the runtime tries them in that order and takes the first that can serve
 * the whole buffer, so on a given target a buffer may land further down the mask (a region the
 * target lacks, a CMA area or buddy block too small, a bound below the guest's RAM) or nowhere
 * (-ENOMEM). Spec limits hold everywhere: a share's {@code max_size}, an allocator's
 * {@code size}, {@code align} and {@code below}.
 */
public final class Prediction {
    public static final long PAGE = 4096;
    /** Largest len a heap of the generated module accepts (uapi MAX_LEN). */
    public static final long MAX_LEN = 1L << 30;

    /** Why an allocator cannot back a buffer; {@code target} when the target, not the spec, says so. */
    public record Skip(Allocator allocator, String why, boolean target) {}

    /**
     * Where a buffer lands: the allocator's priority (-1: none, -ENOMEM) and the allocators of
     * the mask passed over before it, each with its reason.
     */
    public record Choice(int allocator, List<Skip> skipped) {
        public Choice {
            skipped = List.copyOf(skipped);
        }

        /** Whether the target decided this choice: an allocator before it was passed over for the target's sake. */
        public boolean dependsOnTarget() {
            return skipped.stream().anyMatch(Skip::target);
        }

        /** What the choice depends on, for a failure's output: empty when only the spec decides it. */
        public String targetNote(Spec spec) {
            if (!dependsOnTarget()) {
                return "";
            }
            List<String> why = skipped.stream()
                    .map(s -> s.allocator().name() + ": " + s.why())
                    .toList();
            String landing = allocator < 0
                    ? "no allocator is left (-ENOMEM)"
                    : "it falls back to " + spec.allocators().get(allocator).name();
            return "depends on the target: " + String.join("; ", why) + "; " + landing;
        }
    }

    private final Spec spec;
    private final TargetMemory memory;

    public Prediction(Spec spec, TargetMemory memory) {
        this.spec = spec;
        this.memory = memory;
    }

    public Spec spec() {
        return spec;
    }

    public TargetMemory memory() {
        return memory;
    }

    /** Why the target leaves allocator {@code a} unusable, or empty when it can work here ({@link TargetMemory#unusable}). */
    public Optional<String> unusable(Allocator a) {
        return memory.unusable(a);
    }

    /** The largest buffer {@code a} can back here ({@link TargetMemory#largest}). */
    public long largest(Allocator a) {
        return memory.largest(a);
    }

    /** Why {@code a} cannot back {@code len} bytes here, or null when it can. */
    private Skip skip(Allocator a, long len) {
        Optional<String> gone = unusable(a);
        if (gone.isPresent()) {
            return new Skip(a, gone.get(), true);
        }
        long size = (len + PAGE - 1) / PAGE * PAGE;
        long need = a.backend() == Backend.CONTIGUOUS ? Math.max(size, a.align()) : size;
        if (a.size().isPresent() && size > a.size().get()) {
            return new Skip(a, "its size " + Sizes.human(a.size().get()) + " is less than " + Sizes.human(size), false);
        }
        if (need > largest(a)) {
            String area = a.region().isPresent()
                    ? "region \"" + a.region().get().value() + "\" holds " + Sizes.human(largest(a))
                    : memory.contiguous().source();
            return new Skip(a, Sizes.human(need) + " is more than " + area, true);
        }
        return null;
    }

    /** Whether {@code a} can back {@code len} bytes here (rounded to pages, at least {@code align} for contiguous memory). */
    public boolean serves(Allocator a, long len) {
        return skip(a, len) == null;
    }

    /**
     * How many buffers of {@code len} bytes the CPU can keep backed at once from a heap of mask
     * {@code mask} here: over the allocators it may back from (up to the first protected one),
     * each one's capacity (its region, its CMA area, its {@code size}) over what one buffer takes
     * there (pages, at least {@code align} for contiguous memory); {@link Long#MAX_VALUE} when one
     * of them is bounded by RAM only (the page allocators, the contiguous backend without CMA).
     */
    public long liveBuffers(long mask, long len) {
        long total = 0;
        for (Allocator a : spec.allocators()) {
            if ((mask & (1L << a.priority())) == 0) {
                continue;
            }
            if (a.protectedMemory()) {
                break;
            }
            if (!serves(a, len)) {
                continue;
            }
            boolean contiguous = a.backend() == Backend.CONTIGUOUS;
            boolean buddy =
                    contiguous && a.region().isEmpty() && !memory.contiguous().cma();
            long capacity = buddy ? a.size().orElse(Long.MAX_VALUE) : largest(a);
            if (capacity == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            long size = (len + PAGE - 1) / PAGE * PAGE;
            total += capacity / (contiguous ? Math.max(size, a.align()) : size);
        }
        return total;
    }

    /** Where a buffer of {@code len} bytes with access mask {@code mask} lands. */
    public Choice choose(long mask, long len) {
        List<Skip> skipped = new ArrayList<>();
        for (Allocator a : spec.allocators()) {
            if ((mask & (1L << a.priority())) == 0) {
                continue;
            }
            Skip s = skip(a, len);
            if (s == null) {
                return new Choice(a.priority(), skipped);
            }
            skipped.add(s);
        }
        return new Choice(-1, skipped);
    }

    /** Largest buffer a heap allocates: a share's max_size, else the module's limit. */
    public long heapMax(String heap) {
        return spec.share(heap).flatMap(Share::maxSize).orElse(MAX_LEN);
    }

    /** The heap whose node is {@code /dev/dma_heap/<node>} (an alias included), if the module has one. */
    public Optional<HeapNames.Heap> heapOfNode(String node) {
        return HeapNames.of(spec).stream()
                .filter(h -> Identifiers.heapName(h.name()).equals(node))
                .findFirst();
    }

    /** Largest buffer the heap of node {@code node} allocates: its share's max_size, else the module's limit. */
    public long heapMaxOfNode(String node) {
        return heapOfNode(node)
                .flatMap(HeapNames.Heap::share)
                .map(this::heapMax)
                .orElse(MAX_LEN);
    }

    /**
     * What CPU access to a heap's buffers gives, as heap_abi_test's {@code --expect} word. The
     * CPU backs a buffer from the allocators of the mask in priority order up to the first
     * protected one, where the runtime refuses it (-EPERM, also after falling back past others:
     * the CPU never backs protected memory; {@link CpuBacking}). {@code protected} when that is
     * the first; {@code any} when an allocator before it backs any size here; else the largest
     * buffer the allocators before it can back here, followed by {@code :protected} when a
     * protected allocator comes after them (a larger buffer's mmap is refused with EPERM, not
     * ENOMEM).
     */
    public String abiExpectation(long mask) {
        long largest = 0;
        for (Allocator a : spec.allocators()) {
            if ((mask & (1L << a.priority())) == 0) {
                continue;
            }
            if (a.protectedMemory()) {
                return largest == 0 ? "protected" : largest + ":protected";
            }
            long most = largest(a);
            if (most == Long.MAX_VALUE) {
                return "any";
            }
            largest = Math.max(largest, a.backend() != Backend.CONTIGUOUS || a.align() <= most ? most : 0);
        }
        return String.valueOf(largest);
    }
}
