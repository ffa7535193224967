package org.censpec.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecFileException;
import org.censpec.model.parse.SpecReader;
import java.util.Set;
import java.util.TreeSet;
import org.censpec.verify.alloy.AlloyChecker;
import org.censpec.verify.direct.DirectChecker;

/**
 * The whole check of one spec file: parse, spec-level validation, then (only when those
 * found no error) the semantic checks.
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
        findings.addAll(SpecValidator.validate(spec));
        if (findings.stream().noneMatch(Finding::isError)) {
            List<Finding> semantic = semantic(spec);
            boolean complete = semantic.stream().noneMatch(f -> f.rule() == VerifyRules.TIMEOUT
                    || f.rule() == VerifyRules.STATE_LIMIT);
            findings = Suppressions.apply(spec, semantic, findings, complete);
        }
        return new CheckedSpec(file, parsed.spec(), findings);
    }

    private List<Finding> semantic(Spec spec) {
        List<Finding> direct = new DirectChecker().check(spec);
        if (engine == Engine.DIRECT) {
            return direct;
        }
        List<Finding> alloy = new AlloyChecker().check(spec, timeout);
        if (alloy.stream().anyMatch(f -> f.rule() == VerifyRules.TIMEOUT)
                || direct.stream().anyMatch(f -> f.rule() == VerifyRules.STATE_LIMIT)) {
            return alloy;
        }
        Set<String> a = keys(alloy);
        Set<String> d = keys(direct);
        if (!a.equals(d)) {
            List<Finding> out = new ArrayList<>(alloy);
            out.add(Finding.of(VerifyRules.MISMATCH, Subject.WHOLE, spec.loc(), "internal error: the Alloy model and the "
                    + "direct checker disagree; only Alloy: " + difference(a, d) + "; only direct: " + difference(d, a)
                    + " (please report this spec)"));
            return out;
        }
        return alloy;
    }

    /** Whole findings as both engines must print them: id, location, message, trace. */
    static Set<String> keys(List<Finding> findings) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            out.add(f.id() + "@" + f.loc().line() + ":" + f.loc().column() + " " + f.message() + " " + f.trace());
        }
        return out;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}
