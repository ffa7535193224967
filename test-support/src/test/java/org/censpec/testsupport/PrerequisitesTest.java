package org.censpec.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** A missing prerequisite skips with its reason, or fails when the run requires it; nothing is silent. */
class PrerequisitesTest {
    @TempDir
    Path tmp;

    /** Run only through the launcher below (a static nested class is not collected by surefire). */
    static class NeedsNeovim {
        @Test
        @Requires(Prerequisite.NEOVIM)
        void usesNeovim() {}

        @Test
        void needsNothing() {}
    }

    @AfterEach
    void forget() {
        PrerequisiteExtension.PROBED.clear();
        System.clearProperty(Gate.REQUIRE_PROPERTY);
    }

    private static TestExecutionSummary run(Class<?> c) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(c))
                        .build(),
                summary);
        return summary.getSummary();
    }

    @Test
    void aMissingPrerequisiteSkipsTheTestWithItsReason() {
        PrerequisiteExtension.PROBED.put(Prerequisite.NEOVIM, Optional.of("/usr/bin/nvim is missing"));
        TestExecutionSummary s = run(NeedsNeovim.class);
        assertEquals(1, s.getTestsAbortedCount());
        assertEquals(1, s.getTestsSucceededCount());
        assertEquals(0, s.getTestsFailedCount());
    }

    @Test
    void underRunTestsAMissingPrerequisiteFails() {
        PrerequisiteExtension.PROBED.put(Prerequisite.NEOVIM, Optional.of("/usr/bin/nvim is missing"));
        System.setProperty(Gate.REQUIRE_PROPERTY, "true");
        TestExecutionSummary s = run(NeedsNeovim.class);
        assertEquals(1, s.getTestsFailedCount());
        String message = s.getFailures().get(0).getException().getMessage();
        assertEquals(
                "needs neovim: /usr/bin/nvim (Debian package neovim) missing (/usr/bin/nvim is missing); "
                        + "this run requires it (-Dcenspec.require.kernels=true)",
                message);
    }

    @Test
    void aPresentPrerequisiteRuns() {
        PrerequisiteExtension.PROBED.put(Prerequisite.NEOVIM, Optional.empty());
        System.setProperty(Gate.REQUIRE_PROPERTY, "true");
        assertEquals(2, run(NeedsNeovim.class).getTestsSucceededCount());
    }

    @Test
    void theSkipReasonNamesTheGroupAndTheRemedy() {
        Gate g = Gate.decide(Prerequisite.KERNELS, Optional.of("install-deps.sh --check: x not fetched"), false);
        assertEquals(Gate.Verdict.SKIP, g.verdict());
        assertEquals(
                "needs kernels: Debian's kernels, qemu and the module toolchain missing (install-deps.sh "
                        + "--check: x not fetched); run prove/scripts/install-deps.sh as root (./run-tests does)",
                g.message());
        assertEquals("kernels", NotRun.groupOf(g.message()));
        assertEquals("other", NotRun.groupOf("Disabled: set censpec.fuzz.long"));
        assertEquals(
                Gate.Verdict.FAIL,
                Gate.decide(Prerequisite.ROOT, Optional.of("not root"), true).verdict());
    }

    @Test
    void theBuildSummaryNamesEveryModulesSkipsOfThisBuildOnly() {
        NotRunReport old = new NotRunReport(tmp, "build-1");
        old.record("cli", List.of(new NotRun("cli", "root", "GenerateFaultsTest.x", "needs root: root missing")));
        NotRunReport now = new NotRunReport(tmp, "build-2");
        now.record(
                "generated-driver",
                List.of(
                        new NotRun("generated-driver", "kernels", "KernelBuildTest", "needs kernels: gone"),
                        new NotRun("generated-driver", "kernels", "RealKernelTest", "needs kernels: gone")));
        now.record("model", List.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NotRunReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "tests of this build", now.build());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("""
                censpec: tests of this build: 2 not run, by what was missing:
                censpec:   kernels: generated-driver:KernelBuildTest, generated-driver:RealKernelTest
                censpec:     needs kernels: gone
                censpec: ./run-tests installs every prerequisite and fails rather than skips (-Dcenspec.require.kernels=true)
                """, out);
        assertTrue(new NotRunReport(tmp, "build-3").build().isEmpty());
    }
}
