package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Actor;
import org.censpec.model.Flow;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;

/**
 * The order every execution of a flow respects, over all its steps (waits included): program
 * order, and a labelled step before every wait on it, transitively closed. The generator lists
 * it restricted to device steps ({@code pre}), so that waits need no atoms.
 */
final class StaticOrder {
    private final List<Step> steps = new ArrayList<>();
    private final int[] first;
    private final int[] actorOf;
    private final BitSet[] before;

    StaticOrder(Flow flow) {
        List<Actor> actors = flow.actors();
        first = new int[actors.size() + 1];
        Map<String, Map<String, Integer>> labels = new LinkedHashMap<>();
        for (int a = 0; a < actors.size(); a++) {
            first[a] = steps.size();
            Map<String, Integer> own = labels.computeIfAbsent(actors.get(a).name(), k -> new LinkedHashMap<>());
            for (Step s : actors.get(a).steps()) {
                int x = steps.size();
                s.label().ifPresent(l -> own.putIfAbsent(l.name(), x));
                steps.add(s);
            }
        }
        first[actors.size()] = steps.size();
        int n = steps.size();
        actorOf = new int[n];
        before = new BitSet[n];
        for (int a = 0; a < actors.size(); a++) {
            for (int x = first[a]; x < first[a + 1]; x++) {
                actorOf[x] = a;
                before[x] = new BitSet(n);
                if (x > first[a]) {
                    before[x].set(x - 1);
                }
                if (steps.get(x) instanceof WaitStep w) {
                    Map<String, Integer> lab = labels.get(w.actor().name());
                    Integer t = lab == null ? null : lab.get(w.target().name());
                    if (t == null) {
                        throw new IllegalArgumentException(w.loc() + ": wait on undefined label "
                                + w.actor().name() + "." + w.target().name());
                    }
                    before[x].set(t);
                }
            }
        }
        for (int k = 0; k < n; k++) {
            for (int x = 0; x < n; x++) {
                if (before[x].get(k)) {
                    before[x].or(before[k]);
                }
            }
        }
    }

    int size() {
        return steps.size();
    }

    Step step(int x) {
        return steps.get(x);
    }

    /** The number of step {@code k} of actor {@code actor}. */
    int index(int actor, int k) {
        return first[actor] + k;
    }

    /** Whether step {@code x} runs before step {@code z} in every execution that runs {@code z}. */
    boolean precedes(int x, int z) {
        return before[z].get(x);
    }

    /** The steps that run before step {@code x} in every execution that runs it (do not modify). */
    BitSet before(int x) {
        return before[x];
    }

    /** The actor of step {@code x}. */
    int actor(int x) {
        return actorOf[x];
    }

    /** Whether step {@code x} can never run: it, or a step that must run before it, is on a cycle of waits. */
    boolean blocked(int x) {
        if (before[x].get(x)) {
            return true;
        }
        for (int y = before[x].nextSetBit(0); y >= 0; y = before[x].nextSetBit(y + 1)) {
            if (before[y].get(y)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some step of the actor can never run: the actor never finishes. */
    boolean cyclic(int actor) {
        for (int x = first[actor]; x < first[actor + 1]; x++) {
            if (blocked(x)) {
                return true;
            }
        }
        return false;
    }
}
