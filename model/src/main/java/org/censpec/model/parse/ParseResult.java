package org.censpec.model.parse;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Finding;
import org.censpec.model.Spec;

/**
 * What reading one spec file gave: the model (absent when the text could not be parsed)
 * and the findings met on the way (syntax, encoding, numbers, missing items); {@code sources}
 * are the files its includes read (a report must never replace one of them).
 */
public record ParseResult(Optional<Spec> spec, List<Finding> findings, List<Path> sources) {
    public ParseResult {
        findings = List.copyOf(findings);
        sources = List.copyOf(sources);
    }

    /** A result that read no file besides the one named by its caller. */
    public ParseResult(Optional<Spec> spec, List<Finding> findings) {
        this(spec, findings, List.of());
    }
}
