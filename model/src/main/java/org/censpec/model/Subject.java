package org.censpec.model;

import java.util.Optional;

/** What a finding is about: a declared element, a step of a flow, or the spec as a whole. */
public sealed interface Subject {
    /** The spec as a whole (or a file that did not parse). */
    record Whole() implements Subject {}

    /** A device, share, allocator, property, flow or actor. */
    record Of(Element element) implements Subject {}

    /** A step of an actor of a flow. */
    record StepOf(Flow flow, Actor actor, Step step) implements Subject {}

    Subject WHOLE = new Whole();

    /** The declared element a suppression {@code on NAME} matches: for a step, its flow. */
    default Optional<Element> declared() {
        if (this instanceof Of o) {
            return Optional.of(o.element());
        }
        if (this instanceof StepOf s) {
            return Optional.of(s.flow());
        }
        return Optional.empty();
    }
}
