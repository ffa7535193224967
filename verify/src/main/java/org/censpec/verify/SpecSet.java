package org.censpec.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.rules.SpecRules;

/**
 * Several spec files checked together: one spec per {@code spec} name. A second file that
 * declares the same spec with the same declarations is the same spec and is reported once;
 * one that declares it differently is a {@code spec.duplicate} error at its {@code spec} line
 * (the two would generate the same kernel module, heaps and Java package).
 */
public final class SpecSet {
    private SpecSet() {}

    /** The checked files, a repeated spec dropped, a differing one with {@code spec.duplicate} added. */
    public static List<CheckedSpec> crossCheck(List<CheckedSpec> checked) {
        Map<String, CheckedSpec> first = new LinkedHashMap<>();
        List<CheckedSpec> out = new ArrayList<>();
        for (CheckedSpec c : checked) {
            if (c.spec().isEmpty() || c.spec().get().name().isEmpty()) {
                out.add(c);
                continue;
            }
            Spec s = c.spec().get();
            CheckedSpec earlier = first.putIfAbsent(s.name(), c);
            if (earlier == null) {
                out.add(c);
            } else if (!SpecSignature.of(s)
                    .equals(SpecSignature.of(earlier.spec().get()))) {
                List<Finding> fs = new ArrayList<>(c.findings());
                fs.add(Finding.of(
                        SpecRules.DUPLICATE,
                        Subject.WHOLE,
                        s.loc(),
                        "spec '" + s.name()
                                + "' is also declared by "
                                + earlier.spec().get().loc() + " with different declarations; both"
                                + " would generate the same kernel module and heaps"));
                out.add(new CheckedSpec(c.file(), c.spec(), fs, c.included()));
            }
            // else: the same spec again (the same file, or another with the same declarations): reported once
        }
        return out;
    }
}
