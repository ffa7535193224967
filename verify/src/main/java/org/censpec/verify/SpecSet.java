package org.censpec.verify;

import org.censpec.model.rules.VerifyRules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.Subject;

/** Findings about several spec files checked together. */
public final class SpecSet {
    private SpecSet() {
    }

    /**
     * The checked files with {@code files.same-spec-name} added to every file whose spec name an
     * earlier file already declared.
     */
    public static List<CheckedSpec> crossCheck(List<CheckedSpec> checked) {
        Map<String, CheckedSpec> first = new LinkedHashMap<>();
        List<CheckedSpec> out = new ArrayList<>();
        for (CheckedSpec c : checked) {
            if (c.spec().isEmpty()) {
                out.add(c);
                continue;
            }
            Spec s = c.spec().get();
            CheckedSpec earlier = first.putIfAbsent(s.name(), c);
            if (earlier == null) {
                out.add(c);
                continue;
            }
            List<Finding> fs = new ArrayList<>(c.findings());
            fs.add(Finding.of(VerifyRules.SAME_SPEC_NAME, Subject.WHOLE, s.loc(), "spec " + s.name()
                    + " is also declared by " + earlier.file() + ": their generated modules, heaps and Java"
                    + " packages would have the same names; rename one"));
            out.add(new CheckedSpec(c.file(), c.spec(), fs));
        }
        return out;
    }
}
