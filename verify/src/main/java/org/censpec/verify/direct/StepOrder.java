package org.censpec.verify.direct;

import java.util.BitSet;
import java.util.List;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Operation;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;

/**
 * The static happens-before order of a flow's steps: program order plus "the labelled step
 * runs before every wait on it", transitively closed. Steps are numbered actor by actor;
 * {@link #mustPrecede(int, int)} says whether a step can only ever run after another.
 * Also each step's kind, device bit and constraint mask, for the independence tests of
 * {@link FlowExplorer}'s reduced search.
 */
final class StepOrder {
    /** What a step does to the buffer, as the independence test needs it. */
    enum Kind {
        WAIT,
        ATTACH,
        MAP,
        UNMAP,
        DETACH
    }

    private final int[] first;
    private final Kind[] kind;
    private final long[] devBit;
    private final long[] devMask;
    /** before[x]: the steps that run before x in every execution that runs x. */
    private final BitSet[] before;

    StepOrder(Flow flow, FlowLayout layout) {
        List<Actor> actors = flow.actors();
        first = new int[actors.size() + 1];
        for (int i = 0; i < actors.size(); i++) {
            first[i + 1] = first[i] + actors.get(i).steps().size();
        }
        int n = first[actors.size()];
        kind = new Kind[n];
        devBit = new long[n];
        devMask = new long[n];
        before = new BitSet[n];
        for (int i = 0; i < actors.size(); i++) {
            List<Step> steps = actors.get(i).steps();
            for (int k = 0; k < steps.size(); k++) {
                int x = first[i] + k;
                before[x] = new BitSet(n);
                if (k > 0) {
                    before[x].set(x - 1);
                }
                Step s = steps.get(k);
                if (s instanceof DeviceStep d) {
                    kind[x] = kind(d.op());
                    devBit[x] = layout.bit(d);
                    devMask[x] = layout.mask(d);
                } else {
                    kind[x] = Kind.WAIT;
                    int[] t = layout.target((WaitStep) s);
                    if (t != null) {
                        before[x].set(first[t[0]] + t[1]);
                    }
                }
            }
        }
        // Transitive closure (Warshall over bit sets); steps on a wait cycle precede themselves.
        for (int k = 0; k < n; k++) {
            for (int x = 0; x < n; x++) {
                if (before[x].get(k)) {
                    before[x].or(before[k]);
                }
            }
        }
    }

    private static Kind kind(Operation op) {
        return switch (op) {
            case ATTACH -> Kind.ATTACH;
            case MAP -> Kind.MAP;
            case UNMAP -> Kind.UNMAP;
            case DETACH -> Kind.DETACH;
        };
    }

    /** The number of the {@code k}-th step of actor {@code actor}. */
    int id(int actor, int k) {
        return first[actor] + k;
    }

    /** Number of steps of actor {@code actor}. */
    int length(int actor) {
        return first[actor + 1] - first[actor];
    }

    int actors() {
        return first.length - 1;
    }

    /** Whether step {@code x} runs before step {@code z} in every execution that runs {@code z}. */
    boolean mustPrecede(int x, int z) {
        return before[z].get(x);
    }

    Kind kind(int x) {
        return kind[x];
    }

    long devBit(int x) {
        return devBit[x];
    }

    long devMask(int x) {
        return devMask[x];
    }
}
