package org.censpec.verify;

import java.util.List;
import java.util.Optional;
import org.censpec.model.Finding;
import org.censpec.model.Spec;

/** A spec file after the whole check: its model (if it parsed) and every finding, sorted. */
public record CheckedSpec(String file, Optional<Spec> spec, List<Finding> findings) {
    public CheckedSpec {
        findings = findings.stream().sorted(Finding.ORDER).toList();
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::fails);
    }
}
