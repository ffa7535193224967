package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Allocator;
import org.censpec.model.Spec;
import org.censpec.tools.dt.BoardTree;

/**
 * The board's {@code shared-dma-pool} children of {@code /reserved-memory} as the guest gets
 * them: the same node names, compatible, {@code reusable}/{@code no-map},
 * {@code linux,cma-default}, size and alignment, placed dynamically in the guest's RAM (within
 * the board's {@code alloc-ranges} where they lie in it, else below the bound of the spec's
 * allocator that names the pool). What qemu cannot give (a static address outside the guest's
 * RAM, a size the guest's RAM cannot hold) is said in {@link #notes}, never silently changed.
 */
public final class GuestPools {
    /** What the kernel, the initramfs and the tests need beside the pools. */
    static final long KERNEL_RESERVE = 384L << 20;

    private static final long STEP = 4L << 20;

    /** One pool in the guest: the board's pool, its size and allocation ranges there. */
    record Placed(BoardTree.Pool pool, long size, List<BoardTree.Range> allocRanges) {}

    private final Spec spec;
    private final long ramBase;
    private final long ramEnd;
    private final List<Placed> placed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long budget;

    private GuestPools(Spec spec, long ramBase, long ramEnd) {
        this.spec = spec;
        this.ramBase = ramBase;
        this.ramEnd = ramEnd;
        this.budget = Math.max(0, ramEnd - ramBase - KERNEL_RESERVE);
    }

    /** The guest's pools: the default CMA pool first, then those the spec names, then the rest, as RAM allows. */
    static GuestPools of(Board board, Spec spec, long ramBase, long ramEnd, boolean defaultPool) {
        GuestPools g = new GuestPools(spec, ramBase, ramEnd);
        List<BoardTree.Pool> pools = board.tree().pools().stream()
                .filter(BoardTree.Pool::sharedDmaPool)
                .toList();
        Set<BoardTree.Pool> order = new LinkedHashSet<>();
        Optional<BoardTree.Pool> dflt = board.defaultCma();
        if (defaultPool) {
            dflt.ifPresent(order::add);
        } else if (dflt.isPresent()) {
            g.notes.add(dflt.get().path() + ": bypassed by cma= of the board's bootargs, as the kernel does there:"
                    + " not carried");
            pools = pools.stream().filter(p -> !p.equals(dflt.get())).toList();
        }
        pools.stream().filter(p -> g.named(p)).forEach(order::add);
        order.addAll(pools);
        order.forEach(g::place);
        return g;
    }

    /** The RAM the board's pools want beside the kernel's reserve, rounded up to 256 MiB. */
    public static long ramWanted(Board board) {
        long sum = KERNEL_RESERVE;
        for (BoardTree.Pool p : board.tree().pools()) {
            if (p.sharedDmaPool()) {
                sum += p.capacity().orElse(0L);
            }
        }
        long unit = 256L << 20;
        return (sum + unit - 1) / unit * unit;
    }

    List<Placed> placed() {
        return placed;
    }

    List<String> notes() {
        return notes;
    }

    private boolean named(BoardTree.Pool p) {
        return regionAllocators(p).findAny().isPresent();
    }

    private java.util.stream.Stream<Allocator> regionAllocators(BoardTree.Pool p) {
        return spec.allocators().stream()
                .filter(a -> a.region().map(r -> r.value().equals(p.name())).orElse(false));
    }

    private void place(BoardTree.Pool p) {
        Optional<Long> capacity = p.capacity();
        if (capacity.isEmpty()) {
            notes.add(p.path() + ": a shared-dma-pool without reg or size: not carried into the guest");
            return;
        }
        long size = capacity.get();
        boolean wanted = p.cmaDefault() || named(p);
        if (size > budget) {
            long fits = budget / STEP * STEP;
            if (!wanted || fits == 0) {
                notes.add(p.path() + ": " + Sizes.human(size) + " does not fit the guest's RAM beside the other pools:"
                        + " not carried");
                return;
            }
            notes.add(p.path() + ": " + Sizes.human(size) + " on the board, " + Sizes.human(fits)
                    + " in the guest (its RAM holds no more beside the kernel)");
            size = fits;
        }
        budget -= size;
        placed.add(new Placed(p, size, ranges(p, size)));
    }

    /** Where the pool may be allocated in the guest's RAM. */
    private List<BoardTree.Range> ranges(BoardTree.Pool p, long size) {
        long bound = regionAllocators(p).mapToLong(Allocator::below).min().orElse(Long.MAX_VALUE);
        long end = Long.compareUnsigned(bound, ramEnd) < 0 ? bound : ramEnd;
        List<BoardTree.Range> board = p.reg().map(List::of).orElse(p.allocRanges());
        List<BoardTree.Range> inGuest = new ArrayList<>();
        for (BoardTree.Range r : board) {
            long lo = Math.max(r.start(), ramBase);
            long hi = Math.min(r.end(), end);
            if (hi - lo >= size) {
                inGuest.add(new BoardTree.Range(lo, hi - lo));
            }
        }
        if (!inGuest.isEmpty()) {
            return inGuest;
        }
        if (!board.isEmpty()) {
            notes.add(p.path() + ": " + (p.reg().isPresent() ? "placed" : "allocated") + " at " + show(board)
                    + " on the board, outside the guest's RAM [" + Sizes.hex(ramBase) + ", " + Sizes.hex(ramEnd)
                    + "): allocated in [" + Sizes.hex(ramBase) + ", " + Sizes.hex(end) + ") there");
        }
        return end < ramEnd ? List.of(new BoardTree.Range(ramBase, end - ramBase)) : List.of();
    }

    private static String show(List<BoardTree.Range> ranges) {
        List<String> out = new ArrayList<>();
        ranges.forEach(r -> out.add("[" + Sizes.hex(r.start()) + ", " + Sizes.hex(r.end()) + ")"));
        return String.join(" ", out);
    }
}
