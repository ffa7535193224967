package org.censpec.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecFileException;
import org.censpec.model.parse.SpecReader;
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
            findings.addAll(semantic(spec));
        }
        return new CheckedSpec(file, parsed.spec(), findings);
    }

    private List<Finding> semantic(Spec spec) {
        return switch (engine) {
            case DIRECT, ALLOY -> new DirectChecker().check(spec);
        };
    }

    Duration timeout() {
        return timeout;
    }
}
