package org.censpec.verify.alloy;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.censpec.model.DeviceStep;
import org.censpec.model.Operation;

/**
 * How every actor's steps on one device, in program order, follow a shape (docs/alloy-encoding.md, "Session
 * lemmas"): an automaton over the steps' operations, run per actor. An actor's steps up to its first step the
 * automaton rejects are <em>tame</em>; that step and the actor's later steps on the device are <em>wild</em>. A
 * first wild step taken in the automaton's start state (between the actor's sessions, or with none of its maps
 * open) is <em>harmful</em>: it can succeed on another actor's session. A tame step <em>protected</em> from
 * every harmful step (each of them runs after it in every execution, or never runs) runs while the shape's
 * invariant holds.
 */
final class DeviceShape {
    /** The next state after an operation, -1 when the shape rejects it; an operation it ignores keeps the state. */
    interface Automaton {
        int next(int state, Operation op);
    }

    /** Whole sessions: 0 detached, 1 attached, 2 mapped (the actor's own view). */
    static final Automaton SESSIONS = (s, op) -> switch (op) {
        case ATTACH -> s == 0 ? 1 : -1;
        case MAP -> s == 1 ? 2 : -1;
        case UNMAP -> s == 2 ? 1 : -1;
        case DETACH -> s == 1 ? 0 : -1;
    };

    /** Map/unmap pairs, attaches and detaches ignored: 0 none of the actor's maps open, 1 one open. */
    static final Automaton MAP_PAIRS = (s, op) -> switch (op) {
        case MAP -> s == 0 ? 1 : -1;
        case UNMAP -> s == 1 ? 0 : -1;
        default -> s;
    };

    final BitSet tame = new BitSet();
    final BitSet firstWild = new BitSet();
    final BitSet laterWild = new BitSet();
    /** First wild steps taken in the start state that can run. */
    final BitSet harmful = new BitSet();
    /** For each first wild step, the state its actor's own steps left (the device's state, when protected). */
    final Map<Integer, Integer> stateBefore = new HashMap<>();

    private final FlowFacts facts;

    DeviceShape(FlowFacts facts, String device, Automaton automaton) {
        this.facts = facts;
        for (int a = 0; a < facts.flow.actors().size(); a++) {
            walk(a, device, automaton);
        }
    }

    private void walk(int actor, String device, Automaton automaton) {
        int state = 0;
        boolean wild = false;
        for (int k = 0; k < facts.flow.actors().get(actor).steps().size(); k++) {
            int x = facts.order.index(actor, k);
            if (!(facts.order.step(x) instanceof DeviceStep d
                    && d.device().name().equals(device))) {
                continue;
            }
            if (wild) {
                laterWild.set(x);
                continue;
            }
            int next = automaton.next(state, d.op());
            if (next >= 0) {
                tame.set(x);
                state = next;
                continue;
            }
            wild = true;
            firstWild.set(x);
            stateBefore.put(x, state);
            if (state == 0 && !facts.blocked.get(x)) {
                harmful.set(x);
            }
        }
    }

    /** Whether every harmful step runs after {@code x} in every execution (x itself is not harmful). */
    boolean protects(int x) {
        for (int h = harmful.nextSetBit(0); h >= 0; h = harmful.nextSetBit(h + 1)) {
            if (!facts.order.precedes(x, h)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code x} is a later wild step of an actor whose first wild step is protected and harmless. */
    boolean neverRuns(int x) {
        if (!laterWild.get(x)) {
            return false;
        }
        int actor = facts.order.actor(x);
        for (int w = firstWild.nextSetBit(0); w >= 0; w = firstWild.nextSetBit(w + 1)) {
            if (facts.order.actor(w) == actor) {
                return !harmful.get(w) && protects(w);
            }
        }
        return false;
    }
}
