package org.censpec.model.rules;

import static org.censpec.model.Rule.Kind.SEMANTIC;
import static org.censpec.model.Severity.ERROR;
import static org.censpec.model.Severity.WARNING;

import java.util.List;
import org.censpec.model.Rule;

/**
 * The rules of the language's semantics (docs/semantics.md): what both engines, the Alloy
 * model and the direct checker, report. Messages and traces come from {@link Messages}.
 */
public final class SemanticRules {
    public static final Rule DEVICE_UNSATISFIABLE = Rule.define(
            "device.unsatisfiable",
            SEMANTIC,
            ERROR,
            true,
            "A device accepts no allocator.",
            "No declared allocator provides every property the device requires, none it forbids, lies "
                    + "below 2^dma_bits (unless the device is behind an IOMMU), is aligned at least as the "
                    + "device needs and, if protected, is handed to a protected device: no buffer can ever serve it.");
    public static final Rule SHARE_EMPTY = Rule.define(
            "share.empty-intersection",
            SEMANTIC,
            ERROR,
            true,
            "No allocator is accepted by every device of a share.",
            "The intersection of the constraint masks of the share's devices is empty: a buffer that all "
                    + "of them attach to can never be allocated.");
    public static final Rule SHARE_TOO_LARGE = Rule.define(
            "share.too-large",
            SEMANTIC,
            ERROR,
            true,
            "A share's max_size exceeds the capacity of every allocator it accepts.",
            "The share's largest buffer (max_size) is larger than the capacity (size, or the RAM below "
                    + "its bound) of every allocator all of its devices accept: allocation would fail at the first map.");
    public static final Rule ALLOCATOR_UNUSED = Rule.define(
            "allocator.unused",
            SEMANTIC,
            WARNING,
            true,
            "An allocator is never selected.",
            "For no share is there a set of its devices whose highest-priority common allocator is this "
                    + "one: some allocator declared earlier always wins, or no device accepts it.");
    public static final Rule ATTACH_REJECTED = Rule.define(
            "flow.attach-rejected",
            SEMANTIC,
            ERROR,
            true,
            "In some interleaving an attach empties the access mask.",
            "Some interleaving of the flow's actors attaches a device whose constraint mask shares no "
                    + "allocator with the buffer's access mask; the kernel rejects the attach with -EINVAL.");
    public static final Rule LATE_ATTACH = Rule.define(
            "flow.late-attach",
            SEMANTIC,
            ERROR,
            true,
            "In some interleaving a device attaches after allocation and rejects the allocator chosen.",
            "Some interleaving maps the buffer (allocating it from the best allocator of the access mask "
                    + "at that moment) before a device that does not accept that allocator attaches; the "
                    + "kernel refuses the attach with -EBUSY.");
    public static final Rule ATTACH_AFTER_MAP = Rule.define(
            "flow.attach-after-map",
            SEMANTIC,
            WARNING,
            true,
            "In some interleaving a device attaches after allocation and accepts it by luck.",
            "Some interleaving maps the buffer before this device attaches; the allocator already chosen "
                    + "happens to suit the device, but nothing in the flow guarantees it.");
    public static final Rule MAP_BEFORE_ATTACH = Rule.define(
            "flow.map-before-attach",
            SEMANTIC,
            ERROR,
            true,
            "A device maps, unmaps or detaches without being attached.",
            "In some interleaving a device maps, unmaps or detaches while not attached, or unmaps while "
                    + "not mapped.");
    public static final Rule UNBALANCED = Rule.define(
            "flow.unbalanced",
            SEMANTIC,
            ERROR,
            true,
            "A device attaches, maps or detaches out of balance.",
            "In some interleaving a device attaches while attached, maps while mapped, or detaches while mapped.");
    public static final Rule DEADLOCK = Rule.define(
            "flow.deadlock",
            SEMANTIC,
            ERROR,
            true,
            "The actors' waits can leave every unfinished actor blocked.",
            "Some interleaving reaches a state where no actor can move (each unfinished actor waits on a "
                    + "step that has not run) and not every actor has finished.");
    public static final Rule NEVER_MAPS = Rule.define(
            "flow.never-maps",
            SEMANTIC,
            WARNING,
            true,
            "A flow never maps its buffer, so it checks nothing about allocation.",
            "No actor of the flow has a map step: the buffer is never backed, so no interleaving of the "
                    + "flow allocates and the flow checks nothing about where memory comes from.");

    private SemanticRules() {}

    /** In catalog order. */
    public static List<Rule> all() {
        return List.of(
                DEVICE_UNSATISFIABLE,
                SHARE_EMPTY,
                SHARE_TOO_LARGE,
                ALLOCATOR_UNUSED,
                ATTACH_REJECTED,
                LATE_ATTACH,
                ATTACH_AFTER_MAP,
                MAP_BEFORE_ATTACH,
                UNBALANCED,
                DEADLOCK,
                NEVER_MAPS);
    }

    /** The rule of a flow step outcome id, e.g. {@code flow.late-attach}. */
    public static Rule flowRule(String id) {
        for (Rule r : all()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a flow rule: " + id);
    }
}
