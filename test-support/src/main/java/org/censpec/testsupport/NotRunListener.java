package org.censpec.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Registered for every module's tests (META-INF/services): collects each test or class that was
 * skipped or aborted, with its reason, prints them at the end of the module's run, and records
 * them for the build's summary. With {@code -Dcenspec.not-run.summary=build} (the last module of
 * the reactor) it then prints every module's, so {@code mvn verify} ends by naming what it could
 * not run and why.
 */
public final class NotRunListener implements TestExecutionListener {
    private final List<NotRun> notRun = new ArrayList<>();
    private final String module = Path.of("").toAbsolutePath().getFileName().toString();

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        add(id, reason);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            add(id, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        boolean buildSummary = "build".equals(System.getProperty("censpec.not-run.summary"));
        if (!notRun.isEmpty() && !buildSummary) {
            NotRunReport.print(System.out, "tests of " + module, notRun);
        }
        String buildId = System.getProperty("censpec.build.id");
        if (buildId == null) {
            return;
        }
        Path root;
        try {
            root = Repository.root();
        } catch (IllegalStateException outsideTheCheckout) {
            return;
        }
        NotRunReport report = new NotRunReport(root.resolve("target/censpec-not-run"), buildId);
        report.record(module, notRun);
        if (buildSummary) {
            NotRunReport.print(System.out, "tests of this build", report.build());
        }
    }

    private void add(TestIdentifier id, String reason) {
        name(id).map(test -> new NotRun(module, NotRun.groupOf(reason), test, String.valueOf(reason)))
                .filter(n -> !notRun.contains(n))
                .ifPresent(notRun::add);
    }

    /** Class or Class.method; empty for engines and other containers. */
    private static Optional<String> name(TestIdentifier id) {
        TestSource source = id.getSource().orElse(null);
        if (source instanceof MethodSource m) {
            String cls = m.getClassName();
            return Optional.of(cls.substring(cls.lastIndexOf('.') + 1) + "." + m.getMethodName());
        }
        if (source instanceof ClassSource c) {
            return Optional.of(c.getClassName().substring(c.getClassName().lastIndexOf('.') + 1));
        }
        return Optional.empty();
    }
}
