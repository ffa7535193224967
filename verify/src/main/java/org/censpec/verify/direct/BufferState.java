package org.censpec.verify.direct;

import java.util.List;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Spec;

/**
 * One shared buffer as docs/semantics.md defines it: which devices are attached and
 * mapped (bits over a flow's device list), the access mask and the allocator chosen
 * (-1 before the first map). Immutable; {@link #apply} gives the outcome of one step.
 */
public record BufferState(long attached, long mapped, long mask, int chosen) {

    /** The outcome of a step: a finding id (null when the step succeeds silently), a
     * message, and the state after it (null when the step fails). */
    public record Outcome(String id, String message, BufferState next) {
        public boolean failed() {
            return next == null;
        }
    }

    /** A fresh buffer whose access mask starts as {@code initialMask}. */
    public static BufferState initial(long initialMask) {
        return new BufferState(0, 0, initialMask, -1);
    }

    /**
     * Applies {@code step} of device {@code dev}, whose bit in the attached/mapped sets is
     * {@code devBit} and whose constraint mask is {@code devMask}.
     */
    public Outcome apply(Spec spec, DeviceStep step, Device dev, long devBit, long devMask) {
        boolean isAttached = (attached & devBit) != 0;
        boolean isMapped = (mapped & devBit) != 0;
        String name = "'" + dev.name() + "'";
        switch (step.op()) {
            case ATTACH -> {
                if (isAttached) {
                    return error("flow.unbalanced", name + " attaches while already attached");
                }
                if (chosen >= 0) {
                    Allocator a = spec.allocators().get(chosen);
                    if ((devMask & (1L << chosen)) == 0) {
                        return error("flow.late-attach", name + " attaches after the buffer was allocated from '"
                                + a.name() + "', which it does not accept (kernel: -EBUSY); attach it before the first map");
                    }
                    return new Outcome("flow.attach-after-map", name + " can attach after the first map; the memory chosen ('"
                            + a.name() + "') suits it by luck: attach every device before the first map",
                            new BufferState(attached | devBit, mapped, mask & devMask, chosen));
                }
                if ((mask & devMask) == 0) {
                    Acceptance acc = new Acceptance(spec);
                    return error("flow.attach-rejected", "attaching " + name + " empties the access mask: "
                            + acc.describe(mask) + " and its " + acc.describe(devMask) + " have nothing in common (kernel: -EINVAL)");
                }
                return ok(new BufferState(attached | devBit, mapped, mask & devMask, chosen));
            }
            case MAP -> {
                if (!isAttached) {
                    return error("flow.map-before-attach", name + " maps without being attached");
                }
                if (isMapped) {
                    return error("flow.unbalanced", name + " maps while already mapped");
                }
                return ok(new BufferState(attached, mapped | devBit, mask,
                        chosen >= 0 ? chosen : Long.numberOfTrailingZeros(mask)));
            }
            case UNMAP -> {
                if (!isAttached) {
                    return error("flow.map-before-attach", name + " unmaps without being attached");
                }
                if (!isMapped) {
                    return error("flow.map-before-attach", name + " unmaps without being mapped");
                }
                return ok(new BufferState(attached, mapped & ~devBit, mask, chosen));
            }
            case DETACH -> {
                if (!isAttached) {
                    return error("flow.map-before-attach", name + " detaches without being attached");
                }
                if (isMapped) {
                    return error("flow.unbalanced", name + " detaches while still mapped");
                }
                return ok(new BufferState(attached & ~devBit, mapped, mask, chosen));
            }
            default -> throw new IllegalStateException(step.op().toString());
        }
    }

    private static Outcome error(String id, String message) {
        return new Outcome(id, message, null);
    }

    private static Outcome ok(BufferState next) {
        return new Outcome(null, null, next);
    }

    /** Allocator names of the mask in priority order. */
    public List<String> maskNames(Spec spec) {
        return new Acceptance(spec).names(mask);
    }
}
