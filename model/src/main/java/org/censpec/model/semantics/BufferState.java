package org.censpec.model.semantics;

import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Rule;
import org.censpec.model.Spec;
import org.censpec.model.rules.SemanticRules;

/**
 * One shared buffer as docs/semantics.md defines it: which devices are attached and
 * mapped (bits over a flow's device list), the access mask and the allocator chosen
 * (-1 before the first map). Immutable; {@link #apply} gives the outcome of one step.
 */
public record BufferState(long attached, long mapped, long mask, int chosen) {

    /**
     * The outcome of a step: the rule it breaks (null when the step succeeds silently) and the
     * state after it (null when the step fails). Messages are written by FindingBuilder.
     */
    public record Outcome(Rule rule, BufferState next) {
        /** The finding id, or null. */
        public String id() {
            return rule == null ? null : rule.id();
        }

        public boolean failed() {
            return next == null;
        }

        /** The rule's one-line summary, or null; findings' messages are FindingBuilder's. */
        public String message() {
            return rule == null ? null : rule.summary();
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
        switch (step.op()) {
            case ATTACH -> {
                if (isAttached) {
                    return error(SemanticRules.UNBALANCED);
                }
                if (chosen >= 0) {
                    if ((devMask & (1L << chosen)) == 0) {
                        return error(SemanticRules.LATE_ATTACH);
                    }
                    return new Outcome(
                            SemanticRules.ATTACH_AFTER_MAP,
                            new BufferState(attached | devBit, mapped, mask & devMask, chosen));
                }
                if ((mask & devMask) == 0) {
                    return error(SemanticRules.ATTACH_REJECTED);
                }
                return ok(new BufferState(attached | devBit, mapped, mask & devMask, chosen));
            }
            case MAP -> {
                if (!isAttached) {
                    return error(SemanticRules.MAP_BEFORE_ATTACH);
                }
                if (isMapped) {
                    return error(SemanticRules.UNBALANCED);
                }
                return ok(new BufferState(
                        attached, mapped | devBit, mask, chosen >= 0 ? chosen : Long.numberOfTrailingZeros(mask)));
            }
            case UNMAP -> {
                if (!isAttached) {
                    return error(SemanticRules.MAP_BEFORE_ATTACH);
                }
                if (!isMapped) {
                    return error(SemanticRules.MAP_BEFORE_ATTACH);
                }
                return ok(new BufferState(attached, mapped & ~devBit, mask, chosen));
            }
            case DETACH -> {
                if (!isAttached) {
                    return error(SemanticRules.MAP_BEFORE_ATTACH);
                }
                if (isMapped) {
                    return error(SemanticRules.UNBALANCED);
                }
                return ok(new BufferState(attached & ~devBit, mapped, mask, chosen));
            }
            default -> throw new IllegalStateException(step.op().toString());
        }
    }

    private static Outcome error(Rule rule) {
        return new Outcome(rule, null);
    }

    private static Outcome ok(BufferState next) {
        return new Outcome(null, next);
    }
}
