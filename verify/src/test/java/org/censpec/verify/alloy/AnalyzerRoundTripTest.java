package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.censpec.model.Spec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The printed model loads as a user would load it (a file on disk, default options) and its
 * commands give the verdicts the checker got from its own in-memory copy.
 */
class AnalyzerRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Spec> specs() {
        return Stream.of(
                SpecBuilder.contractExample(),
                FindingsTest.base()
                        .share("s3", "cam", "nic")
                        .allocator("dma32", List.of("cached"), 4 * SpecBuilder.G, 0)
                        .flow("f", "s2", "actor a", "attach gpu", "map gpu", "actor b", "attach nic")
                        .flow(
                                "ok",
                                "s1",
                                "actor a",
                                "x: attach cam",
                                "wait b.y",
                                "map cam",
                                "actor b",
                                "wait a.x",
                                "y: attach gpu",
                                "map gpu")
                        .flow("dl", "s1", "actor a", "wait a.x", "x: attach cam")
                        .build(),
                BoardGenerator.board(8, 3, 5, 0.5),
                // decided steps of the session lemmas: a harmful extra detach, a harmless nested attach
                BrokenSessionRaceTest.race(2, "extra detach"),
                BrokenSessionRaceTest.race(2, "nested attach"));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void printedModulesGiveTheSameVerdicts(Spec spec) throws Exception {
        AlloyChecker checker = new AlloyChecker();
        List<AlloyChecker.Module> modules = checker.alloyModules(spec);
        assertEquals(1 + spec.flows().size(), modules.size(), "the static module and one slice per flow");
        Map<String, Boolean> fromText = new LinkedHashMap<>();
        for (AlloyChecker.Module m : modules) {
            Path file = dir.resolve(m.name() + ".als");
            Files.writeString(file, m.text());
            CompModule world = CompUtil.parseEverything_fromFile(A4Reporter.NOP, null, file.toString());
            A4Options options = new A4Options(); // the Analyzer's defaults
            for (Command c : world.getAllCommands()) {
                A4Solution sol =
                        TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, world.getAllReachableSigs(), c, options);
                fromText.put(m.name() + "/" + c.label, sol.satisfiable());
            }
        }
        AlloyChecker.Report report = checker.run(spec, Duration.ofSeconds(60));
        assertTrue(
                report.findings().stream().noneMatch(f -> f.id().startsWith("verify.")),
                report.findings().toString());
        for (Map.Entry<String, AlloyChecker.CommandStats> s : report.commands().entrySet()) {
            assertEquals(s.getValue().firstSat(), fromText.get(s.getKey()), s.getKey());
        }
        for (AlloyChecker.Unit u : AlloyChecker.units(spec)) {
            for (AlloyModel.CommandInfo c : u.model().commands()) {
                String key = u.name() + "/" + c.label();
                boolean verdict = fromText.get(key);
                switch (c.kind()) {
                    // a flow without findings runs to completion
                    case NONVACUITY ->
                        assertTrue(
                                verdict
                                        || fromText.get(u.name() + "/"
                                                + u.model()
                                                        .flows()
                                                        .get(c.flow())
                                                        .command()),
                                key + " must be satisfiable");
                    // run by the checker unless the flow has a finding (its instance shows non-vacuity)
                    default ->
                        assertTrue(report.commands().containsKey(key) || c.kind() == AlloyModel.Kind.NONVACUITY, key);
                }
            }
        }
        assertEquals(
                fromText.keySet().stream()
                        .filter(k -> !k.contains("/nonvacuity_"))
                        .toList(),
                report.commands().keySet().stream()
                        .filter(k -> !k.contains("/nonvacuity_"))
                        .toList(),
                "every command of the text is solved by the check");
    }
}
