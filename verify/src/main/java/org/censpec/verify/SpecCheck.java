package org.censpec.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.censpec.model.Actor;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.check.WorkLimits;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecFileException;
import org.censpec.model.parse.SpecReader;
import java.util.Set;
import java.util.TreeSet;
import org.censpec.verify.alloy.AlloyChecker;
import org.censpec.verify.direct.DirectChecker;

/**
 * The whole check of one spec file: parse, the size limits ({@link WorkLimits}: a spec
 * beyond them gets no further check), spec-level validation, then (only when those found
 * no error) the semantic checks.
 */
public final class SpecCheck {
    private final Engine engine;
    private final Duration timeout;

    public SpecCheck(Engine engine, Duration timeout) {
        this.engine = engine;
        this.timeout = timeout;
    }

    public CheckedSpec check(Path file) throws SpecFileException {
        return finish(file.toString(), new SpecReader().read(file));
    }

    public CheckedSpec check(String file, String text) {
        return finish(file, new SpecReader().parse(file, text));
    }

    private CheckedSpec finish(String file, ParseResult parsed) {
        List<Finding> findings = new ArrayList<>(parsed.findings());
        if (parsed.spec().isEmpty()) {
            return new CheckedSpec(file, parsed.spec(), findings);
        }
        Spec spec = parsed.spec().get();
        List<Finding> tooLarge = WorkLimits.check(spec);
        if (!tooLarge.isEmpty()) {
            findings.addAll(tooLarge);
            return new CheckedSpec(file, parsed.spec(), findings);
        }
        findings.addAll(SpecValidator.validate(spec));
        if (findings.stream().noneMatch(Finding::isError)) {
            findings = Suppressions.apply(spec, semantic(spec), findings);
        }
        return new CheckedSpec(file, parsed.spec(), findings);
    }

    private List<Finding> semantic(Spec spec) {
        List<Finding> direct = new DirectChecker().check(spec);
        if (engine == Engine.DIRECT) {
            return direct;
        }
        List<Finding> alloy = new AlloyChecker().check(spec, timeout);
        return crossCheck(spec, alloy, direct);
    }

    /**
     * Alloy's findings, checked against the direct checker's: a disagreement is
     * {@code verify.mismatch}, but a resource limit of either engine is reported as that
     * limit and is never a disagreement.
     */
    static List<Finding> crossCheck(Spec spec, List<Finding> alloy, List<Finding> direct) {
        if (alloy.stream().anyMatch(f -> f.id().equals("verify.timeout"))) {
            return alloy;
        }
        // A flow the direct checker gave up on (its state budget) cannot be cross-checked:
        // it is reported as that limit, beside Alloy's findings, and left out of the comparison.
        Set<SourceLocation> unchecked = new HashSet<>();
        List<Finding> limits = new ArrayList<>();
        for (Finding f : direct) {
            if (f.id().equals("verify.state-limit")) {
                limits.add(f);
                spec.flows().stream().filter(fl -> fl.loc().equals(f.loc())).forEach(fl -> unchecked.addAll(locations(fl)));
            }
        }
        Set<String> a = keys(alloy, unchecked);
        Set<String> d = keys(direct, unchecked);
        if (!limits.isEmpty()) {
            alloy = new ArrayList<>(alloy);
            alloy.addAll(limits);
            alloy.sort(Finding.ORDER);
        }
        if (!a.equals(d)) {
            List<Finding> out = new ArrayList<>(alloy);
            out.add(Finding.error("verify.mismatch", spec.loc(), "internal error: the Alloy model and the direct checker "
                    + "disagree; only Alloy: " + difference(a, d) + "; only direct: " + difference(d, a)
                    + " (please report this spec)"));
            return out;
        }
        return alloy;
    }

    private static Set<SourceLocation> locations(Flow flow) {
        Set<SourceLocation> out = new HashSet<>();
        out.add(flow.loc());
        for (Actor a : flow.actors()) {
            out.add(a.loc());
            a.steps().forEach(st -> out.add(st.loc()));
        }
        return out;
    }

    private static Set<String> keys(List<Finding> findings, Set<SourceLocation> unchecked) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            if (unchecked.contains(f.loc())) {
                continue;
            }
            out.add(f.id() + "@" + f.loc().line() + ":" + f.loc().column());
        }
        return out;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}
