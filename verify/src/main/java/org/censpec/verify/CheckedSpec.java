package org.censpec.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Finding;
import org.censpec.model.Spec;

/** A spec file after the whole check: its model (if it parsed), every finding, sorted, and the files it included. */
public record CheckedSpec(String file, Optional<Spec> spec, List<Finding> findings, List<Path> included) {
    public CheckedSpec {
        findings = findings.stream().sorted(Finding.ORDER).toList();
        included = List.copyOf(included);
    }

    public CheckedSpec(String file, Optional<Spec> spec, List<Finding> findings) {
        this(file, spec, findings, List.of());
    }

    /** Every file the check read: the spec and what it included (a report may replace none of them). */
    public List<Path> inputs() {
        List<Path> out = new java.util.ArrayList<>(included);
        out.add(0, Path.of(file));
        return out;
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::fails);
    }
}
