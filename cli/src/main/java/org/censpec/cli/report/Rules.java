package org.censpec.cli.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Severity;

/**
 * The catalog of finding ids (README.md, "Finding ids"): each id's default severity, a
 * one-line summary and the full meaning. SARIF's {@code tool.driver.rules} are made from it.
 */
public final class Rules {
    /** One finding id. */
    public record Rule(String id, Severity severity, String shortDescription, String fullDescription) {
    }

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        add("spec.syntax", Severity.ERROR, "The spec does not follow the grammar.",
                "The text does not follow the grammar of the spec language; one run reports every syntax "
                        + "error it can find, at most 50.");
        add("spec.encoding", Severity.ERROR, "The spec file is not UTF-8 text.",
                "The file is not valid UTF-8 text, or it contains NUL bytes.");
        add("spec.too-large", Severity.ERROR, "The spec file is larger than 4 MiB.",
                "The file is larger than 4 MiB; censpec refuses to read it.");
        add("spec.missing", Severity.ERROR, "A required declaration or item is missing.",
                "The spec has no 'ram' declaration, an allocator has no 'backend', or a device has no 'dma_bits'.");
        add("spec.undefined", Severity.ERROR, "A name is used but never declared.",
                "An undefined property, device, share, actor, label or backend is referenced.");
        add("spec.include", Severity.ERROR, "An include cannot be followed.",
                "An include names a missing, unreadable or non-spec file, closes a cycle of includes, nests "
                        + "deeper than 32, or names a file that declares another spec.");
        add("spec.duplicate", Severity.ERROR, "A name or item is given twice.",
                "A name is declared twice, an item is given twice in one block, or a name is listed twice.");
        add("spec.invalid-name", Severity.ERROR, "A name cannot become a C and Java identifier.",
                "The name is not a C identifier, is a C or Java keyword or a kernel name, starts with '__', "
                        + "or is longer than 32 characters.");
        add("spec.range", Severity.ERROR, "A number is out of range.",
                "dma_bits is outside 1..64, a size is zero or over 63 bits, an alignment is not a power of two, "
                        + "or there are more than 32 allocators or more than 64 devices in a share.");
        add("spec.not-in-share", Severity.ERROR, "A flow step uses a device outside the flow's share.",
                "Every device a flow attaches, maps, unmaps or detaches must belong to the share the flow is on.");
        add("spec.invalid-wait", Severity.ERROR, "An actor waits on its own label.",
                "A 'wait A.L' step names a label of the actor that contains it; an actor cannot wait for itself.");
        add("spec.invalid-suppression", Severity.ERROR, "A suppression cannot apply.",
                "A 'suppress' names a spec.* error (those cannot be suppressed), an unknown finding id, or has no reason.");
        add("suppression.unused", Severity.WARNING, "A suppression matches no finding.",
                "A 'suppress ID [on NAME]' declaration matched no finding of this run; remove it so it cannot hide a later one.");
        add("device.unsatisfiable", Severity.ERROR, "A device accepts no allocator.",
                "No declared allocator provides every property the device requires, none it forbids, lies "
                        + "below 2^dma_bits and is aligned at least as the device needs: no buffer can ever serve it.");
        add("share.empty-intersection", Severity.ERROR, "No allocator is accepted by every device of a share.",
                "The intersection of the constraint masks of the share's devices is empty: a buffer that all "
                        + "of them attach to can never be allocated.");
        add("allocator.unused", Severity.WARNING, "An allocator is never selected.",
                "For no share is there a set of its devices whose highest-priority common allocator is this "
                        + "one: some allocator declared earlier always wins, or no device accepts it.");
        add("flow.attach-rejected", Severity.ERROR, "In some interleaving an attach empties the access mask.",
                "Some interleaving of the flow's actors attaches a device whose constraint mask shares no "
                        + "allocator with the buffer's access mask; the kernel rejects the attach with -EINVAL.");
        add("flow.late-attach", Severity.ERROR,
                "In some interleaving a device attaches after allocation and rejects the allocator chosen.",
                "Some interleaving maps the buffer (allocating it from the best allocator of the access mask "
                        + "at that moment) before a device that does not accept that allocator attaches; the "
                        + "kernel refuses the attach with -EBUSY.");
        add("flow.attach-after-map", Severity.WARNING,
                "In some interleaving a device attaches after allocation and accepts it by luck.",
                "Some interleaving maps the buffer before this device attaches; the allocator already chosen "
                        + "happens to suit the device, but nothing in the flow guarantees it.");
        add("flow.map-before-attach", Severity.ERROR, "A device maps, unmaps or detaches without being attached.",
                "In some interleaving a device maps, unmaps or detaches while not attached, or unmaps while "
                        + "not mapped.");
        add("flow.unbalanced", Severity.ERROR, "A device attaches, maps or detaches out of balance.",
                "In some interleaving a device attaches while attached, maps while mapped, or detaches while mapped.");
        add("flow.deadlock", Severity.ERROR, "The actors' waits can leave every unfinished actor blocked.",
                "Some interleaving reaches a state where no actor can move (each unfinished actor waits on a "
                        + "step that has not run) and not every actor has finished.");
        add("verify.state-limit", Severity.ERROR, "A flow has too many states to check.",
                "A flow has more than 2 million reachable states; split it or reduce its actors.");
        add("verify.timeout", Severity.ERROR, "The solver did not finish in time.",
                "An Alloy command did not finish within the time limit (--timeout); the spec was not fully verified.");
        add("verify.internal", Severity.ERROR, "The Alloy model could not be built or solved (internal error).",
                "The generated Alloy model failed to build, parse or solve, or a non-vacuity run had no instance; please report it.");
        add("verify.mismatch", Severity.ERROR, "The two checkers disagree (internal error).",
                "The Alloy model and the direct checker gave different findings for this spec; please report it.");
    }

    private Rules() {
    }

    private static void add(String id, Severity severity, String shortText, String fullText) {
        RULES.put(id, new Rule(id, severity, shortText, fullText));
    }

    /** Every known rule, in catalog order. */
    public static List<Rule> all() {
        return List.copyOf(RULES.values());
    }

    /** The rule of an id; an id missing from the catalog gets a generic rule, never an exception. */
    public static Rule of(String id, Severity severity) {
        Rule r = RULES.get(id);
        return r != null ? r : new Rule(id, severity, "censpec finding " + id + ".", "censpec finding " + id + ".");
    }
}
