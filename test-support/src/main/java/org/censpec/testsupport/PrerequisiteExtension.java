package org.censpec.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Checks a {@link Requires} (of the class, then of the method) before each test: a missing
 * prerequisite aborts the test with its reason (reported as skipped, and counted so by Surefire
 * for every test and every parameterized invocation), or fails it when the run requires it.
 * Each prerequisite is probed once per JVM.
 */
public final class PrerequisiteExtension implements BeforeEachCallback {
    /** Probe results of this JVM (a test of this package may set one). */
    static final ConcurrentMap<Prerequisite, Optional<String>> PROBED = new ConcurrentHashMap<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getTestClass().ifPresent(PrerequisiteExtension::enforce);
        context.getTestMethod().ifPresent(PrerequisiteExtension::enforce);
    }

    private static void enforce(AnnotatedElement element) {
        Requires requires = element.getAnnotation(Requires.class);
        if (requires == null) {
            return;
        }
        for (Prerequisite p : requires.value()) {
            Gate gate = Gate.decide(p, PROBED.computeIfAbsent(p, Prerequisite::probe), Gate.required(p));
            switch (gate.verdict()) {
                case SKIP -> throw new TestAbortedException(gate.message());
                case FAIL -> throw new AssertionFailedError(gate.message());
                case RUN -> {}
            }
        }
    }
}
