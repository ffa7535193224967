package org.censpec.model.rules;

import org.censpec.model.Rule;
import org.censpec.model.Severity;

/**
 * The findings of {@code censpec replay}, the runtime monitor: what a recorded trace shows
 * the drivers (or the module) did against the spec. Ids are stable; docs/observe.md and the
 * README's finding table describe each.
 */
public enum ObservedRule {
    LATE_ATTACH(
            "observed.late-attach",
            Severity.ERROR,
            "A device attached after the buffer was allocated from memory it does not accept.",
            "The recorded trace shows a buffer allocated (at the first map or CPU access) before a device that "
                    + "does not accept the chosen allocator attached; the kernel refused the attach with -EBUSY. "
                    + "The finding names the driver whose map allocated too early."),
    ATTACH_AFTER_MAP(
            "observed.attach-after-map",
            Severity.WARNING,
            "A device attached after allocation and accepted the memory by luck.",
            "The recorded trace shows a device attaching after the buffer was allocated; the allocator chosen "
                    + "happens to suit it, but the drivers did not attach every device before the first map."),
    ATTACH_REJECTED(
            "observed.attach-rejected",
            Severity.ERROR,
            "An attach would have emptied the access mask.",
            "A device attached whose constraint mask shares no allocator with the buffer's access mask; the "
                    + "kernel refused it with -EINVAL."),
    MISUSE(
            "observed.map-before-attach",
            Severity.ERROR,
            "A device mapped, unmapped or detached without being attached.",
            "The recorded trace shows a map, unmap or detach of a device that was not attached (or an unmap of "
                    + "one that was not mapped)."),
    UNBALANCED(
            "observed.unbalanced",
            Severity.ERROR,
            "A device attached, mapped or detached out of balance.",
            "The recorded trace shows a device attaching while attached, mapping while mapped, or detaching "
                    + "while mapped."),
    UNKNOWN_DEVICE(
            "observed.unknown-device",
            Severity.WARNING,
            "A device the spec does not know attached to a buffer.",
            "The module could not match the importing device to any device of the spec (no `match` string "
                    + "names it and its driver did not register it); it used a mask derived from the DMA API."),
    UNEXPECTED_ALLOCATOR(
            "observed.unexpected-allocator",
            Severity.ERROR,
            "The module allocated from another allocator than the spec predicts.",
            "At allocation, the module's access mask or the allocator it chose differs from what the spec "
                    + "gives for the devices attached at that moment (highest priority first, falling back "
                    + "through the mask only past allocators that could not serve)."),
    KERNEL_MISMATCH(
            "observed.kernel-mismatch",
            Severity.ERROR,
            "The module's result differs from the spec's prediction.",
            "An attach, map or allocation succeeded where the spec says it must be refused, was refused where "
                    + "the spec says it succeeds, or the module's masks differ from the spec's: the module and "
                    + "the spec disagree (a stale or modified module, or a module bug)."),
    UNSPECIFIED(
            "observed.unspecified",
            Severity.WARNING,
            "The drivers did something no flow of the spec describes.",
            "The device steps observed on a buffer are not an execution (finished or not) of any flow of its "
                    + "share: the spec does not describe what the drivers did."),
    LOG(
            "observed.log",
            Severity.WARNING,
            "A problem with the recorded log itself.",
            "A line of the log could not be read (truncated, malformed, too long), an event refers to a buffer "
                    + "whose creation was not recorded, the log comes from another spec, or its clock went "
                    + "backwards; the monitor skipped what it could not read.");

    private final Rule rule;

    ObservedRule(String id, Severity severity, String summary, String description) {
        this.rule = Rule.define(id, Rule.Kind.OBSERVED, severity, false, summary, description);
    }

    /** The rule in censpec's catalog (README, SARIF). */
    public Rule rule() {
        return rule;
    }

    public String id() {
        return rule.id();
    }

    public Severity severity() {
        return rule.severity();
    }

    /** The observed rule for a step outcome of the model's buffer semantics ({@code SemanticRules}). */
    public static ObservedRule forFlowRule(Rule outcome) {
        if (outcome == SemanticRules.LATE_ATTACH) {
            return LATE_ATTACH;
        } else if (outcome == SemanticRules.ATTACH_AFTER_MAP) {
            return ATTACH_AFTER_MAP;
        } else if (outcome == SemanticRules.ATTACH_REJECTED) {
            return ATTACH_REJECTED;
        } else if (outcome == SemanticRules.MAP_BEFORE_ATTACH) {
            return MISUSE;
        } else if (outcome == SemanticRules.UNBALANCED) {
            return UNBALANCED;
        }
        throw new IllegalArgumentException("no observed rule for " + outcome.id());
    }
}
