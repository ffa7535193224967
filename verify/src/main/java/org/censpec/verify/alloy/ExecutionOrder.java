package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.censpec.model.WaitStep;

/**
 * Turns an Alloy instance of a flow's findings command into one execution: a linear extension of the
 * static order, the racy order {@code hb} and the phases "early, then the first map, then the rest of done,
 * then target", with every wait placed as soon as the steps it needs have run (and, for a deadlock, every
 * wait that can still run at the end). Steps are numbered as in {@link StaticOrder}. The checker replays the
 * result through the direct checker's step semantics; that replay, not this class, judges the witness.
 */
final class ExecutionOrder {
    private final StaticOrder order;
    private final BitSet placed = new BitSet();
    private final List<Integer> out = new ArrayList<>();

    private ExecutionOrder(StaticOrder order) {
        this.order = order;
    }

    /** The instance's execution of device steps: what ran, in which phase, and the order between racy steps. */
    record Instance(BitSet done, Integer target, BitSet early, Integer first, List<int[]> hb) {}

    /**
     * The steps of one execution of the instance, waits included, or null when the instance admits none
     * (its constraints are cyclic or a step needs one that did not run).
     */
    static List<Integer> of(StaticOrder order, List<int[]> cover, Instance in, boolean deadlock) {
        ExecutionOrder e = new ExecutionOrder(order);
        BitSet rest = (BitSet) in.done().clone();
        rest.andNot(in.early());
        List<BitSet> phases = new ArrayList<>(List.of(in.early()));
        if (in.first() != null) {
            rest.clear(in.first());
            phases.add(single(in.first()));
        }
        phases.add(rest);
        if (in.target() != null) {
            phases.add(single(in.target()));
        }
        BitSet all = new BitSet();
        phases.forEach(all::or);
        Map<Integer, List<Integer>> after = new HashMap<>();
        Map<Integer, Integer> waiting = new HashMap<>();
        for (List<int[]> edges : List.of(cover, in.hb())) {
            for (int[] p : edges) {
                if (all.get(p[0]) && all.get(p[1])) {
                    after.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]);
                    waiting.merge(p[1], 1, Integer::sum);
                }
            }
        }
        for (BitSet phase : phases) {
            if (!e.placePhase(phase, after, waiting)) {
                return null;
            }
        }
        if (deadlock) {
            e.runWaitsLeft();
        }
        return e.out;
    }

    private static BitSet single(int x) {
        BitSet b = new BitSet();
        b.set(x);
        return b;
    }

    /** Places the device steps of one phase in an order of the edges (smallest number first). */
    private boolean placePhase(BitSet phase, Map<Integer, List<Integer>> after, Map<Integer, Integer> waiting) {
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        phase.stream().filter(x -> waiting.getOrDefault(x, 0) == 0).forEach(ready::add);
        int left = phase.cardinality();
        while (!ready.isEmpty()) {
            int x = ready.poll();
            if (!placeWithWaits(x)) {
                return false;
            }
            left--;
            for (int z : after.getOrDefault(x, List.of())) {
                if (waiting.merge(z, -1, Integer::sum) == 0 && phase.get(z)) {
                    ready.add(z);
                }
            }
        }
        return left == 0;
    }

    /** Places the waits {@code x} needs that have not run, in an order they allow, then {@code x}. */
    private boolean placeWithWaits(int x) {
        List<Integer> missing = new ArrayList<>();
        BitSet need = order.before(x);
        for (int y = need.nextSetBit(0); y >= 0; y = need.nextSetBit(y + 1)) {
            if (!placed.get(y)) {
                if (!(order.step(y) instanceof WaitStep) || y == x) {
                    return false; // a device step it needs did not run before it, or x is on a cycle
                }
                missing.add(y);
            }
        }
        // a step's predecessors are a strict subset of a later step's: fewer first is an order they allow
        missing.sort(Comparator.comparingInt((Integer y) -> order.before(y).cardinality())
                .thenComparingInt(y -> y));
        missing.forEach(this::place);
        place(x);
        return true;
    }

    private void place(int x) {
        placed.set(x);
        out.add(x);
    }

    /** Runs every wait whose steps have all run, until none is left (the stuck state of a deadlock). */
    private void runWaitsLeft() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int w = 0; w < order.size(); w++) {
                if (!placed.get(w)
                        && order.step(w) instanceof WaitStep
                        && !order.before(w).get(w)
                        && ran(order.before(w))) {
                    place(w);
                    moved = true;
                }
            }
        }
    }

    private boolean ran(BitSet steps) {
        BitSet missing = (BitSet) steps.clone();
        missing.andNot(placed);
        return missing.isEmpty();
    }
}
