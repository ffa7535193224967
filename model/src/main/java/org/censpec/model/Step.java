package org.censpec.model;

import java.util.Optional;

/** One step of an actor, optionally labelled ({@code LABEL: step;}). */
public sealed interface Step permits DeviceStep, WaitStep {
    /** The label, if the step has one. */
    Optional<NameRef> label();

    /** Where the step starts (its label if it has one, else its keyword). */
    SourceLocation loc();

    /** The step as written, without label, e.g. {@code attach unicam} or {@code wait compositor.ready}. */
    String text();
}
