package org.censpec.model.check;

import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Spec;

/** One group of spec-level checks on the typed model; each adds its findings to {@code out}. */
interface Validator {
    void validate(Spec spec, List<Finding> out);
}
