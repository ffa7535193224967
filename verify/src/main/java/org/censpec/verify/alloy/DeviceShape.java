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
 * open) is <em>harmful</em>: it can succeed on another actor's session; so is an unmap taken inside the actor's
 * own unmapped session on a device with borrows (it can unmap the borrower's map). A tame step <em>protected</em>
 * from every harmful step (each of them runs after it in every execution, or never runs) runs while the shape's
 * invariant holds.
 */
final class DeviceShape {
    /** The next state after an operation, -1 when the shape rejects it; an operation it ignores keeps the state. */
    interface Automaton {
        int next(int state, Operation op);
    }

    /** The state of {@link #SESSIONS} while the actor borrows another actor's open session. */
    static final int BORROWING = 3;

    /**
     * Whole sessions and borrows: 0 between sessions, 1 attached, 2 mapped (the actor's own view), and
     * {@link #BORROWING}: a map taken between sessions, until its unmap (a map/unmap pair on another actor's
     * session).
     */
    static final Automaton SESSIONS = (s, op) -> switch (op) {
        case ATTACH -> s == 0 ? 1 : -1;
        case MAP -> s == 1 ? 2 : s == 0 ? BORROWING : -1;
        case UNMAP -> s == 2 ? 1 : s == BORROWING ? 0 : -1;
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
    /** First wild steps that can run and can succeed on another actor's session (see the class comment). */
    final BitSet harmful = new BitSet();
    /** For each actor's first wild step, the actor's next step on the device (its first later wild one). */
    final Map<Integer, Integer> nextAfter = new HashMap<>();
    /** Tame maps into {@link #BORROWING} and tame unmaps out of it (the borrow steps). */
    final BitSet borrows = new BitSet();
    /**
     * For each tame or first wild step, the state its actor's own steps on the device left before it (the
     * device's state, when protected).
     */
    final Map<Integer, Integer> stateBefore = new HashMap<>();

    private final FlowFacts facts;

    DeviceShape(FlowFacts facts, String device, Automaton automaton) {
        this.facts = facts;
        for (int a = 0; a < facts.flow.actors().size(); a++) {
            walk(a, device, automaton);
        }
        for (int w = firstWild.nextSetBit(0); w >= 0; w = firstWild.nextSetBit(w + 1)) {
            int state = stateBefore.get(w);
            boolean unmapsABorrow = state == 1 && facts.device(w).op() == Operation.UNMAP && !borrows.isEmpty();
            if ((state == 0 || unmapsABorrow) && !facts.blocked.get(w)) {
                harmful.set(w);
            }
        }
    }

    /** Whether {@code x} is a tame step taken inside its actor's own session, attached and unmapped. */
    boolean inOwnUnmappedSession(int x) {
        return tame.get(x) && stateBefore.get(x) == 1;
    }

    /**
     * Whether the poison lemma applies (docs/alloy-encoding.md, "Session lemmas", 6): no borrow step, some harmful
     * step, every harmful step an unmap whose actor's next step on the device (if any) is an attach or an unmap,
     * and no first wild map or detach taken in a mapped session. Then once a harmful step succeeds no later step
     * on the device does.
     */
    boolean poisons() {
        if (!borrows.isEmpty() || harmful.isEmpty()) {
            return false;
        }
        for (int h = harmful.nextSetBit(0); h >= 0; h = harmful.nextSetBit(h + 1)) {
            Integer next = nextAfter.get(h);
            if (facts.device(h).op() != Operation.UNMAP
                    || next != null
                            && facts.device(next).op() != Operation.ATTACH
                            && facts.device(next).op() != Operation.UNMAP) {
                return false;
            }
        }
        for (int w = firstWild.nextSetBit(0); w >= 0; w = firstWild.nextSetBit(w + 1)) {
            Operation op = facts.device(w).op();
            if (stateBefore.get(w) == 2 && (op == Operation.MAP || op == Operation.DETACH)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code x} is a later wild step of an actor whose first wild step is harmful. */
    boolean afterHarmful(int x) {
        return laterWild.get(x) && harmful.get(firstWildOf(facts.order.actor(x)));
    }

    private int firstWildOf(int actor) {
        for (int w = firstWild.nextSetBit(0); w >= 0; w = firstWild.nextSetBit(w + 1)) {
            if (facts.order.actor(w) == actor) {
                return w;
            }
        }
        return -1;
    }

    private void walk(int actor, String device, Automaton automaton) {
        int state = 0;
        boolean wild = false;
        int first = -1;
        for (int k = 0; k < facts.flow.actors().get(actor).steps().size(); k++) {
            int x = facts.order.index(actor, k);
            if (!(facts.order.step(x) instanceof DeviceStep d
                    && d.device().name().equals(device))) {
                continue;
            }
            if (wild) {
                laterWild.set(x);
                nextAfter.putIfAbsent(first, x);
                continue;
            }
            int next = automaton.next(state, d.op());
            stateBefore.put(x, state);
            if (next >= 0) {
                tame.set(x);
                if (next == BORROWING || state == BORROWING) {
                    borrows.set(x);
                }
                state = next;
                continue;
            }
            wild = true;
            first = x;
            firstWild.set(x);
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
        int w = firstWildOf(facts.order.actor(x));
        return w >= 0 && !harmful.get(w) && protects(w);
    }
}
