package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Operation;
import org.censpec.model.Step;

/**
 * What the flow encoding lists about one flow, computed from its program alone (docs/alloy-encoding.md,
 * "Flows"). Steps are numbered as in {@link StaticOrder} (actor by actor, waits included); every
 * relation here is over device steps only:
 *
 * <ul>
 *   <li>{@link #blocked}: device steps that can never run (they need a step on a cycle of waits);</li>
 *   <li>{@link #cover}: {@code x -> z}, x runs before z in every execution and no device step lies
 *       between them (the transitive reduction of the static order, waits folded in);</li>
 *   <li>{@link #racy}: device steps whose order against some other step of their device is not fixed
 *       by the static order; the others are <em>fixed</em>: which steps of their device ran before
 *       them is the same in every execution, so their own outcome on the device is a constant
 *       ({@link #fixedOutcome});</li>
 *   <li>{@link #sessionSafe}: racy steps whose outcome on their device the session lemmas decide;
 *       {@link #borrowGated}: those they decide up to the {@link #borrows} open before them;
 *       {@link #ordered}: the racy steps hb orders (all but {@link #inner});</li>
 *   <li>{@link #preDev}: {@code x -> z} on one device that has racy steps, x before z in every execution;
 *       {@link #preRacy}: the static order between ordered steps (reduced); {@link #raceDev}: pairs of ordered
 *       steps of one device in either order.</li>
 * </ul>
 */
final class FlowFacts {
    /** A step's outcome on its own device, before allocation is looked at. */
    enum DevOutcome {
        UNBALANCED,
        MAP_BEFORE_ATTACH
    }

    final StaticOrder order;
    final Flow flow;
    /** Device step numbers, in order. */
    final List<Integer> deviceSteps = new ArrayList<>();

    final BitSet blocked = new BitSet();
    final BitSet racy = new BitSet();
    final List<int[]> cover = new ArrayList<>();
    final List<int[]> preDev = new ArrayList<>();
    final List<int[]> preRacy = new ArrayList<>();
    final List<int[]> raceDev = new ArrayList<>();
    final Map<Integer, DevOutcome> fixedOutcome = new LinkedHashMap<>();
    /**
     * Racy steps the session lemmas decide ({@link #decide}): each succeeds on its device whenever every step
     * before it did, or (listed in {@link #fixedOutcome}) always fails there (docs/alloy-encoding.md, "Session
     * lemmas").
     */
    final BitSet sessionSafe = new BitSet();
    /**
     * The racy maps and unmaps of a device on which no actor leaves its sessions between them: each runs between
     * its session's attach and detach, and those two are ordered against every other step of the device, so hb
     * need not order it.
     */
    final BitSet inner = new BitSet();
    /**
     * The borrow steps ({@link DeviceShape#borrows}: a map taken between its actor's sessions and the unmap
     * that ends it) of the devices that have racy steps.
     */
    final BitSet borrows = new BitSet();
    /**
     * Maps and detaches that the session lemmas decide up to the borrows: each fails with flow.unbalanced when a
     * borrow of its device is open before it, and else succeeds, whenever every step before it succeeded.
     */
    final BitSet borrowGated = new BitSet();
    /** The harmful steps of the devices the poison lemma applies to (stray unmaps). */
    final BitSet poison = new BitSet();
    /**
     * Unmaps that the poison lemma decides up to the {@link #poison} steps: each fails with
     * flow.map-before-attach when a poison step of its device ran before it, and else succeeds.
     */
    final BitSet poisonGated = new BitSet();
    /** The steps hb orders: the racy ones but {@link #inner}. */
    final BitSet ordered = new BitSet();
    /** Per actor (index), the device steps that must have run for it to finish (the latest ones only). */
    final List<List<Integer>> endPre = new ArrayList<>();

    final BitSet cyclicActors = new BitSet();

    FlowFacts(Flow flow) {
        this.flow = flow;
        this.order = new StaticOrder(flow);
        for (int x = 0; x < order.size(); x++) {
            if (order.step(x) instanceof DeviceStep) {
                deviceSteps.add(x);
                if (order.blocked(x)) {
                    blocked.set(x);
                }
            }
        }
        pairs();
        coverRelation();
        fixedOutcomes();
        ends();
    }

    DeviceStep device(int x) {
        return (DeviceStep) order.step(x);
    }

    private boolean runnable(int x) {
        return !blocked.get(x);
    }

    private boolean sameDevice(int x, int z) {
        return device(x).device().name().equals(device(z).device().name());
    }

    /** Which steps are racy (with raceDev and preRacy among them), and preDev on the devices that have racy steps. */
    private void pairs() {
        java.util.Set<String> racyDevices = new java.util.HashSet<>();
        for (int x : deviceSteps) {
            for (int z : deviceSteps) {
                if (x < z
                        && runnable(x)
                        && runnable(z)
                        && sameDevice(x, z)
                        && !order.precedes(x, z)
                        && !order.precedes(z, x)) {
                    racy.set(x);
                    racy.set(z);
                    racyDevices.add(device(x).device().name());
                }
            }
        }
        for (int x : deviceSteps) {
            for (int z : deviceSteps) {
                if (x != z
                        && runnable(x)
                        && runnable(z)
                        && sameDevice(x, z)
                        && order.precedes(x, z)
                        && racyDevices.contains(device(x).device().name())) {
                    preDev.add(new int[] {x, z});
                }
            }
        }
        racyDevices.forEach(this::decide);
        ordered.or(racy);
        ordered.andNot(inner);
        for (int x = ordered.nextSetBit(0); x >= 0; x = ordered.nextSetBit(x + 1)) {
            for (int z = ordered.nextSetBit(x + 1); z >= 0; z = ordered.nextSetBit(z + 1)) {
                if (sameDevice(x, z) && !order.precedes(x, z) && !order.precedes(z, x)) {
                    raceDev.add(new int[] {x, z});
                }
            }
        }
        preRacy.addAll(reduced(ordered));
    }

    /**
     * The session lemmas on one device that has racy steps (docs/alloy-encoding.md, "Session lemmas"). A racy
     * step is decided ({@link #sessionSafe}) when its outcome on the device does not depend on the order: a tame
     * map, unmap or detach protected from every harmful step succeeds whenever every step before it did (on a
     * device with borrows, a map or detach inside its actor's own unmapped session only up to an open borrow:
     * {@link #borrowGated}; a borrow's map is not decided); an actor's first wild step, protected and taken inside
     * one of its sessions or borrows, always fails (its error goes to {@link #fixedOutcome}), so its later steps
     * never run; a tame unmap protected from every harmful step of the map/unmap pairs succeeds. On a device with
     * no harmful step and no borrow the maps and unmaps leave hb ({@link #inner}).
     */
    private void decide(String dev) {
        DeviceShape sessions = new DeviceShape(this, dev, DeviceShape.SESSIONS);
        DeviceShape pairs = new DeviceShape(this, dev, DeviceShape.MAP_PAIRS);
        boolean borrowed = !sessions.borrows.isEmpty();
        boolean poisoned = sessions.poisons();
        borrows.or(sessions.borrows);
        for (int x = racy.nextSetBit(0); x >= 0; x = racy.nextSetBit(x + 1)) {
            DeviceStep s = device(x);
            if (!s.device().name().equals(dev)) {
                continue;
            }
            boolean gated = borrowed && sessions.inOwnUnmappedSession(x) && s.op() != Operation.UNMAP;
            boolean borrowMap = sessions.borrows.get(x) && s.op() == Operation.MAP;
            boolean tame = sessions.tame.get(x) && s.op() != Operation.ATTACH && !borrowMap;
            boolean safe = sessions.protects(x) && (tame && !gated || sessions.firstWild.get(x));
            if (safe && sessions.firstWild.get(x)) {
                fixedOutcome.put(x, outcome(s, true, sessions.stateBefore.get(x) != 1));
            }
            if (safe || sessions.neverRuns(x) || s.op() == Operation.UNMAP && pairs.tame.get(x) && pairs.protects(x)) {
                sessionSafe.set(x);
            } else if (gated && sessions.protects(x)) {
                borrowGated.set(x);
            }
            if (sessions.harmful.isEmpty() && !borrowed && (s.op() == Operation.MAP || s.op() == Operation.UNMAP)) {
                inner.set(x);
            }
            if (poisoned && !sessionSafe.get(x)) {
                poison(sessions, x);
            }
        }
        if (poisoned) {
            poison.or(sessions.harmful);
        }
    }

    /**
     * The poison lemma on a device where {@link DeviceShape#poisons} (docs/alloy-encoding.md, "Session lemmas",
     * 6), for a racy step the other lemmas leave open: a tame map or detach inside its actor's own session always
     * succeeds; a tame unmap of a mapped session fails with flow.map-before-attach iff a harmful step of the
     * device ran before it ({@link #poisonGated}); the next step of a harmful step's actor fails (an attach with
     * flow.unbalanced, an unmap with flow.map-before-attach), and its later steps never run.
     */
    private void poison(DeviceShape sessions, int x) {
        DeviceStep s = device(x);
        if (sessions.inOwnUnmappedSession(x)) {
            sessionSafe.set(x);
        } else if (sessions.tame.get(x) && s.op() == Operation.UNMAP && sessions.stateBefore.get(x) == 2) {
            poisonGated.set(x);
        } else if (sessions.afterHarmful(x)) {
            sessionSafe.set(x);
            if (sessions.nextAfter.containsValue(x)) {
                fixedOutcome.put(x, s.op() == Operation.ATTACH ? DevOutcome.UNBALANCED : DevOutcome.MAP_BEFORE_ATTACH);
            }
        }
    }

    /** The static order over {@code steps}, transitively reduced (a transitive order containing it contains all of it). */
    private List<int[]> reduced(BitSet steps) {
        Map<Integer, BitSet> before = new LinkedHashMap<>();
        for (int z = steps.nextSetBit(0); z >= 0; z = steps.nextSetBit(z + 1)) {
            BitSet b = (BitSet) order.before(z).clone();
            b.and(steps);
            b.clear(z);
            before.put(z, b);
        }
        List<int[]> out = new ArrayList<>();
        for (Map.Entry<Integer, BitSet> e : before.entrySet()) {
            BitSet direct = (BitSet) e.getValue().clone();
            for (int y = e.getValue().nextSetBit(0); y >= 0; y = e.getValue().nextSetBit(y + 1)) {
                direct.andNot(before.get(y));
            }
            direct.stream().forEach(x -> out.add(new int[] {x, e.getKey()}));
        }
        return out;
    }

    /** The static order over runnable device steps, reduced to immediate predecessors. */
    private void coverRelation() {
        BitSet runnable = new BitSet();
        deviceSteps.stream().filter(this::runnable).forEach(runnable::set);
        cover.addAll(reduced(runnable));
    }

    /**
     * For a fixed step, the steps of its device before it are its static predecessors on the device. In an
     * error-free prefix attaches and detaches of a device alternate, as do maps and unmaps, so the device
     * is attached (mapped) before the step iff they hold more attaches than detaches (maps than unmaps).
     */
    private void fixedOutcomes() {
        for (int x : deviceSteps) {
            if (!runnable(x) || racy.get(x)) {
                continue;
            }
            int attached = 0;
            int mapped = 0;
            for (int y : deviceSteps) {
                if (y != x && runnable(y) && sameDevice(x, y) && order.precedes(y, x)) {
                    switch (device(y).op()) {
                        case ATTACH -> attached++;
                        case DETACH -> attached--;
                        case MAP -> mapped++;
                        case UNMAP -> mapped--;
                    }
                }
            }
            DevOutcome o = outcome(device(x), attached > 0, mapped > 0);
            if (o != null) {
                fixedOutcome.put(x, o);
            }
        }
    }

    /** semantics.md's table, the device's own part (the allocation part is the model's). */
    static DevOutcome outcome(DeviceStep s, boolean attached, boolean mapped) {
        return switch (s.op()) {
            case ATTACH -> attached ? DevOutcome.UNBALANCED : null;
            case MAP -> !attached ? DevOutcome.MAP_BEFORE_ATTACH : mapped ? DevOutcome.UNBALANCED : null;
            case UNMAP -> !attached || !mapped ? DevOutcome.MAP_BEFORE_ATTACH : null;
            case DETACH -> !attached ? DevOutcome.MAP_BEFORE_ATTACH : mapped ? DevOutcome.UNBALANCED : null;
        };
    }

    /** Per actor: the latest device steps it needs to finish; whether it waits on a cycle. */
    private void ends() {
        List<Actor> actors = flow.actors();
        for (int a = 0; a < actors.size(); a++) {
            List<Step> steps = actors.get(a).steps();
            List<Integer> needed = new ArrayList<>();
            if (!steps.isEmpty()) {
                int last = order.index(a, steps.size() - 1);
                for (int x : deviceSteps) {
                    if (x == last || order.precedes(x, last)) {
                        needed.add(x);
                    }
                }
            }
            List<Integer> latest = new ArrayList<>();
            for (int x : needed) {
                if (needed.stream().noneMatch(y -> y != x && order.precedes(x, y) && !order.precedes(y, x))) {
                    latest.add(x);
                }
            }
            endPre.add(latest);
            if (order.cyclic(a)) {
                cyclicActors.set(a);
            }
        }
    }
}
