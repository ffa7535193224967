package org.censpec.verify.direct;

import org.censpec.model.Spec;

/**
 * The accepts relation, as the direct checker has always named it: the semantics core's
 * {@link org.censpec.model.semantics.Acceptance}, which defines it once.
 */
public final class Acceptance extends org.censpec.model.semantics.Acceptance {
    public Acceptance(Spec spec) {
        super(spec);
    }
}
