package org.censpec.verify.direct;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Actor;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;
import org.censpec.model.semantics.BufferState;

/**
 * What every search over one flow needs, computed once: each device's bit in
 * {@link BufferState}'s attached and mapped sets and its constraint mask, and for each
 * {@code wait} the actor and step it waits for.
 */
public final class FlowLayout {
    private record Target(int actor, int step) {}

    private final Spec spec;
    private final Flow flow;
    private final Map<String, Integer> bits = new LinkedHashMap<>();
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final Map<String, Long> masks = new LinkedHashMap<>();
    private final Map<WaitStep, Target> waits = new IdentityHashMap<>();

    public FlowLayout(Spec spec, Flow flow, org.censpec.model.semantics.Acceptance acceptance) {
        this.spec = spec;
        this.flow = flow;
        List<Actor> actors = flow.actors();
        for (Actor a : actors) {
            for (Step s : a.steps()) {
                if (s instanceof DeviceStep d && !bits.containsKey(d.device().name())) {
                    Device dev = spec.device(d.device().name()).orElseThrow();
                    bits.put(dev.name(), bits.size());
                    devices.put(dev.name(), dev);
                    masks.put(dev.name(), acceptance.mask(dev));
                } else if (s instanceof WaitStep w) {
                    waits.put(w, target(actors, w));
                }
            }
        }
    }

    private static Target target(List<Actor> actors, WaitStep w) {
        for (int j = 0; j < actors.size(); j++) {
            if (actors.get(j).name().equals(w.actor().name())) {
                List<Step> steps = actors.get(j).steps();
                for (int k = 0; k < steps.size(); k++) {
                    var label = steps.get(k).label();
                    if (label.isPresent()
                            && label.get().name().equals(w.target().name())) {
                        return new Target(j, k);
                    }
                }
            }
        }
        return null;
    }

    public Flow flow() {
        return flow;
    }

    /** Whether the step {@code w} waits for has run, given each actor's program counter. */
    public boolean satisfied(int[] pc, WaitStep w) {
        Target t = waits.get(w);
        return t != null && pc[t.actor()] > t.step();
    }

    /** The device's bit in the attached and mapped sets. */
    long bit(DeviceStep step) {
        return 1L << bits.get(step.device().name());
    }

    /** The constraint mask of the step's device. */
    long mask(DeviceStep step) {
        return masks.get(step.device().name());
    }

    /** The actor and step index a wait waits for, or null when its label does not resolve. */
    int[] target(WaitStep w) {
        Target t = waits.get(w);
        return t == null ? null : new int[] {t.actor(), t.step()};
    }

    /** The outcome of a device step of this flow in {@code state}. */
    public BufferState.Outcome apply(BufferState state, DeviceStep step) {
        String name = step.device().name();
        return state.apply(spec, step, devices.get(name), 1L << bits.get(name), masks.get(name));
    }
}
