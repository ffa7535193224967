package org.censpec.model.parse;

import java.util.List;
import java.util.Optional;
import org.censpec.model.Finding;
import org.censpec.model.Spec;

/**
 * What reading one spec file gave: the model (absent when the text could not be parsed)
 * and the findings met on the way (syntax, encoding, numbers, missing items).
 */
public record ParseResult(Optional<Spec> spec, List<Finding> findings) {
    public ParseResult {
        findings = List.copyOf(findings);
    }
}
