package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.censpec.model.Operation;

/**
 * A complete execution the program allows, listed in a flow's non-vacuity run: the device steps in an
 * order that respects the static order (repeatedly the first step, in actor order, whose predecessors
 * are placed), described as the model describes executions: the order between racy steps, the steps
 * before the first map, that map. Null when some step can never run.
 */
record NonVacuityWitness(List<Integer> order, FlowFacts facts) {

    static NonVacuityWitness of(FlowFacts facts) {
        if (!facts.blocked.isEmpty()) {
            return null;
        }
        Map<Integer, Integer> waiting = new java.util.HashMap<>();
        Map<Integer, List<Integer>> after = new java.util.HashMap<>();
        for (int[] p : facts.cover) {
            waiting.merge(p[1], 1, Integer::sum);
            after.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]);
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int x : facts.deviceSteps) {
            if (!waiting.containsKey(x)) {
                ready.add(x);
            }
        }
        List<Integer> placed = new ArrayList<>();
        while (!ready.isEmpty()) {
            int x = ready.poll();
            placed.add(x);
            for (int z : after.getOrDefault(x, List.of())) {
                if (waiting.merge(z, -1, Integer::sum) == 0) {
                    ready.add(z);
                }
            }
        }
        return placed.size() == facts.deviceSteps.size() ? new NonVacuityWitness(placed, facts) : null;
    }

    /** Consecutive racy steps of the order, as tuples (their closure orders them all). */
    List<String> racyChain(Map<Integer, String> names) {
        List<String> out = new ArrayList<>();
        Integer prev = null;
        for (int x : order) {
            if (facts.ordered.get(x)) {
                if (prev != null) {
                    out.add(names.get(prev) + "->" + names.get(x));
                }
                prev = x;
            }
        }
        return out;
    }

    private int firstMap() {
        for (int i = 0; i < order.size(); i++) {
            if (facts.device(order.get(i)).op() == Operation.MAP) {
                return i;
            }
        }
        return order.size();
    }

    /** The steps before the first map (all of them when none maps). */
    List<String> early(Map<Integer, String> names) {
        return order.subList(0, firstMap()).stream().map(names::get).toList();
    }

    /** The first map, if any. */
    List<String> first(Map<Integer, String> names) {
        int i = firstMap();
        return i < order.size() ? List.of(names.get(order.get(i))) : List.of();
    }
}
