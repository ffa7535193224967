package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.censpec.model.Rule;
import org.censpec.model.rules.RuleCatalog;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the catalog can be seen firing: a check rule has {@code examples/broken/<id>.cen}
 * (ExamplesTest holds it to its {@code // expect:} lines on both engines); an {@code observed.*}
 * rule has a recorded log that gives it, built event by event in a named test of LogReplayTest;
 * a rule no spec can trigger is exempt for a stated reason and covered by the named test instead.
 */
class EveryRuleHasAnExampleTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Rules no committed spec can trigger: the reason, and the test that makes each one fire. */
    static final Map<String, Exemption> EXEMPT = Map.of(
            "spec.too-large",
                    new Exemption(
                            "a spec file over 4 MiB is not committed as an example",
                            "cli",
                            "BadInputTest",
                            "tenMegabyteSpecIsRefusedUpFront"),
            "verify.state-limit",
                    new Exemption(
                            "a flow over 2 million states needs --max-states above the default budget and "
                                    + "tens of seconds to search",
                            "verify",
                            "ReducedSearchTest",
                            "theStateBudgetIsALocatedFinding"),
            "verify.budget",
                    new Exemption(
                            "a spec over the default budget takes the budget's time (tens of seconds) by design",
                            "verify",
                            "WorkBudgetTest",
                            "aSpecOverItsStateBudgetGetsOneLocatedFindingPerFlowLeftOnBothEngines"),
            "verify.memory-limit",
                    new Exemption(
                            "running out of heap depends on the JVM's -Xmx, not on the spec",
                            "verify",
                            "SpecCheckLimitsTest",
                            "alloyOutOfMemoryOnAFlowIsReportedAsTheLimit"),
            "verify.internal",
                    new Exemption(
                            "a valid spec always builds and solves; only a model the validator "
                                    + "would refuse reaches it",
                            "verify",
                            "EdgeCasesTest",
                            "undefinedNamesGiveAnInternalFindingNotACrash"),
            "verify.mismatch",
                    new Exemption(
                            "the engines agree on every spec (CheckersAgreeTest); a disagreement "
                                    + "has to be injected",
                            "verify",
                            "SpecCheckLimitsTest",
                            "aDisagreementOnAnotherFlowIsStillAMismatch"),
            "allocator.region-missing",
                    new Exemption(
                            "fires only against a board's devicetree (check --dtb)",
                            "cli",
                            "CheckDtbTest",
                            "aRegionNamedWithItsUnitAddressOrAbsentIsMissing"),
            "allocator.region-unusable",
                    new Exemption(
                            "fires only against a board's devicetree (check --dtb)",
                            "cli",
                            "CheckDtbTest",
                            "aNoMapPoolIsAnUnusableRegion"),
            "allocator.region-size",
                    new Exemption(
                            "fires only against a board's devicetree (check --dtb)",
                            "cli",
                            "CheckDtbTest",
                            "aCmaRegionOfTheSpecsSizeIsCleanAnotherSizeAWarningAndSuppressionsApply"));

    /** The test of observe's LogReplayTest that replays a log giving each observed rule. */
    static final Map<String, String> OBSERVED = Map.of(
            "observed.late-attach", "aMapBeforeAnotherDeviceAttachedIsALateAttachNamingTheMapper",
            "observed.attach-after-map", "anAttachAfterAllocationThatSuitsTheDeviceIsAWarning",
            "observed.attach-rejected", "anAttachThatEmptiesTheMaskIsRejected",
            "observed.map-before-attach", "misuseAndUnbalancedStepsAreReported",
            "observed.unbalanced", "misuseAndUnbalancedStepsAreReported",
            "observed.unknown-device", "aDeviceTheSpecDoesNotKnowIsNamed",
            "observed.unexpected-allocator", "anAllocatorOtherThanThePredictedOneIsReportedUnlessTheBetterOnesFailed",
            "observed.kernel-mismatch", "aModuleWhoseMasksDifferFromTheSpecIsAKernelMismatch",
            "observed.unspecified", "stepsNoFlowAllowsAreUnspecified",
            "observed.log", "problemsOfTheLogAreLocatedWarnings");

    record Exemption(String reason, String module, String testClass, String method) {}

    @Test
    void everyRuleHasABrokenExampleALogOrANamedTest() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Rule r : RuleCatalog.all()) {
            String id = r.id();
            if (r.kind() == Rule.Kind.OBSERVED) {
                String method = OBSERVED.get(id);
                if (method == null || !testNames(source("observe", "LogReplayTest"), method, id)) {
                    missing.add(id + ": no LogReplayTest test replays a log that gives it");
                }
            } else if (EXEMPT.containsKey(id)) {
                Exemption e = EXEMPT.get(id);
                if (!testNames(source(e.module(), e.testClass()), e.method(), id)) {
                    missing.add(id + ": exempt (" + e.reason() + ") but " + e.testClass() + "." + e.method()
                            + " does not make it fire");
                }
            } else if (!Files.isRegularFile(ROOT.resolve("examples/broken/" + id + ".cen"))) {
                missing.add(id + ": no examples/broken/" + id + ".cen");
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void exemptionsAreNoWiderThanNeeded() {
        TreeSet<String> catalog =
                new TreeSet<>(RuleCatalog.all().stream().map(Rule::id).toList());
        for (String id : EXEMPT.keySet()) {
            assertTrue(catalog.contains(id), id + " is no rule any more");
            assertTrue(
                    !Files.exists(ROOT.resolve("examples/broken/" + id + ".cen")),
                    id + " has an example now: drop its exemption");
        }
        assertTrue(catalog.containsAll(OBSERVED.keySet()), OBSERVED.keySet().toString());
    }

    /** Whether the test source has the method and names the rule (its id or its constant). */
    private static boolean testNames(String source, String method, String id) {
        int at = source.indexOf("void " + method + "(");
        if (at < 0) {
            return false;
        }
        int next = source.indexOf("\n    @", at);
        String body = source.substring(at, next < 0 ? source.length() : next);
        String constant = id.substring(id.indexOf('.') + 1)
                .toUpperCase(java.util.Locale.ROOT)
                .replace('-', '_');
        return body.contains(id) || body.contains(constant);
    }

    private static String source(String module, String testClass) throws IOException {
        try (Stream<Path> s = Files.walk(ROOT.resolve(module).resolve("src/test/java"))) {
            Path file = s.filter(p -> p.getFileName().toString().equals(testClass + ".java"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + testClass + ".java in " + module));
            return Files.readString(file, StandardCharsets.UTF_8);
        }
    }
}
