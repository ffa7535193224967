package org.censpec.model;

import java.util.Optional;

/** {@code wait ACTOR.LABEL;}: blocks until the labelled step of the other actor has run. */
public record WaitStep(NameRef actor, NameRef target, Optional<NameRef> label, SourceLocation loc) implements Step {

    @Override
    public String text() {
        return "wait " + actor.name() + "." + target.name();
    }
}
