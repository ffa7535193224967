package org.censpec.model.rules;

import static org.censpec.model.Rule.Kind.SPEC;
import static org.censpec.model.Severity.ERROR;

import java.util.List;
import org.censpec.model.Rule;

/**
 * The rules of reading and validating a spec (the {@code spec.*} ids), emitted by the reader,
 * the model builder and the validators of this package. None can be suppressed: a spec with
 * one of them is not checked further.
 */
public final class SpecRules {
    public static final Rule SYNTAX = Rule.define(
            "spec.syntax",
            SPEC,
            ERROR,
            false,
            "The spec does not follow the grammar.",
            "The text does not follow the grammar of the spec language; one run reports every syntax "
                    + "error it can find, at most 50.");
    public static final Rule ENCODING = Rule.define(
            "spec.encoding",
            SPEC,
            ERROR,
            false,
            "The spec file is not UTF-8 text.",
            "The file is not valid UTF-8 text, or it contains NUL bytes.");
    public static final Rule TOO_LARGE = Rule.define(
            "spec.too-large",
            SPEC,
            ERROR,
            false,
            "The spec file is larger than 4 MiB.",
            "The file is larger than 4 MiB; censpec refuses to read it.");
    public static final Rule MISSING = Rule.define(
            "spec.missing",
            SPEC,
            ERROR,
            false,
            "A required declaration or item is missing.",
            "The spec has no 'ram' declaration, an allocator has no 'backend', or a device has no 'dma_bits'.");
    public static final Rule UNDEFINED = Rule.define(
            "spec.undefined",
            SPEC,
            ERROR,
            false,
            "A name is used but never declared.",
            "An undefined property, device, share, actor, label or backend is referenced, or a suppression's "
                    + "'on NAME' names no device, share, allocator or flow.");
    public static final Rule INCLUDE = Rule.define(
            "spec.include",
            SPEC,
            ERROR,
            false,
            "An include cannot be followed.",
            "An include names a missing, unreadable or non-spec file, closes a cycle of includes, nests "
                    + "deeper than 32, or names a file that declares another spec.");
    public static final Rule DUPLICATE = Rule.define(
            "spec.duplicate",
            SPEC,
            ERROR,
            false,
            "A name or item is given twice.",
            "A name is declared twice (or two names differ only in case, which collide in generated C "
                    + "constants), an item is given twice in one block, a name is listed twice, or a match "
                    + "string is given to two devices.");
    public static final Rule INVALID_NAME = Rule.define(
            "spec.invalid-name",
            SPEC,
            ERROR,
            false,
            "A name cannot become a C and Java identifier.",
            "The name is not a C identifier, is a C or Java keyword or a kernel name, starts with '__', "
                    + "or is longer than 32 characters (the spec name: 20).");
    public static final Rule RANGE = Rule.define(
            "spec.range",
            SPEC,
            ERROR,
            false,
            "A number is out of range.",
            "dma_bits is outside 12..64, a size is zero or over 63 bits, below, align or size is less than 4K, "
                    + "an alignment is not a power of two, below lies at or under the start of RAM, a region "
                    + "is named on a non-contiguous allocator, or there are more than 32 allocators or more "
                    + "than 64 devices in a share.");
    public static final Rule NOT_IN_SHARE = Rule.define(
            "spec.not-in-share",
            SPEC,
            ERROR,
            false,
            "A flow step uses a device outside the flow's share.",
            "Every device a flow attaches, maps, unmaps or detaches must belong to the share the flow is on.");
    public static final Rule INVALID_WAIT = Rule.define(
            "spec.invalid-wait",
            SPEC,
            ERROR,
            false,
            "An actor waits on its own label.",
            "A 'wait A.L' step names a label of the actor that contains it; an actor cannot wait for itself.");
    public static final Rule INVALID_SUPPRESSION = Rule.define(
            "spec.invalid-suppression",
            SPEC,
            ERROR,
            false,
            "A suppression cannot apply.",
            "A 'suppress' names a spec.* error (those cannot be suppressed), an unknown finding id, or has no reason.");

    private SpecRules() {}

    /** In catalog order. */
    public static List<Rule> all() {
        return List.of(
                SYNTAX,
                ENCODING,
                TOO_LARGE,
                MISSING,
                UNDEFINED,
                INCLUDE,
                DUPLICATE,
                INVALID_NAME,
                RANGE,
                NOT_IN_SHARE,
                INVALID_WAIT,
                INVALID_SUPPRESSION);
    }
}
