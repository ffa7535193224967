package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;

/**
 * The printed model loads as a user would load it (a file on disk, default options) and its
 * commands give the verdicts the checker got from its own in-memory copy.
 */
class AnalyzerRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Spec> specs() {
        return Stream.of(SpecBuilder.contractExample(),
                FindingsTest.base().share("s3", "cam", "nic").allocator("dma32", List.of("cached"), 4 * SpecBuilder.G, 0)
                        .flow("f", "s2", "actor a", "attach gpu", "map gpu", "actor b", "attach nic")
                        .flow("ok", "s1", "actor a", "x: attach cam", "wait b.y", "map cam",
                                "actor b", "wait a.x", "y: attach gpu", "map gpu")
                        .flow("dl", "s1", "actor a", "wait a.x", "x: attach cam").build(),
                BoardGenerator.board(8, 3, 5, 0.5));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void printedModelGivesTheSameVerdicts(Spec spec) throws Exception {
        AlloyChecker checker = new AlloyChecker();
        String text = checker.alloyModel(spec);
        Path file = dir.resolve(spec.name() + ".als");
        Files.writeString(file, text);
        CompModule world = CompUtil.parseEverything_fromFile(A4Reporter.NOP, null, file.toString());
        A4Options options = new A4Options(); // the Analyzer's defaults
        Map<String, Boolean> fromText = new LinkedHashMap<>();
        for (Command c : world.getAllCommands()) {
            A4Solution sol = TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, world.getAllReachableSigs(), c,
                    options);
            fromText.put(c.label, sol.satisfiable());
        }
        AlloyChecker.Report report = checker.run(spec, Duration.ofSeconds(60));
        assertTrue(report.findings().stream().noneMatch(f -> f.id().startsWith("verify.")), report.findings().toString());
        for (AlloyChecker.CommandStats s : report.commands().values()) {
            assertEquals(s.firstSat(), fromText.get(s.label()), s.label());
        }
        AlloyModel model = AlloyModelGenerator.generate(spec);
        for (AlloyModel.CommandInfo c : model.commands()) {
            boolean verdict = fromText.get(c.label());
            switch (c.kind()) {
                // must be satisfiable whatever the flow
                case NONVACUITY -> assertTrue(verdict, c.label() + " must be satisfiable");
                // a group is sat iff one of its flows has a finding
                case GROUP -> assertEquals(c.group().stream()
                        .anyMatch(f -> fromText.get(model.flows().get(f).command())), verdict, c.label());
                // run by the checker unless its group was unsat
                case FLOW -> assertTrue(report.commands().containsKey(c.label()) || !verdict, c.label());
                default -> assertTrue(report.commands().containsKey(c.label()), c.label());
            }
        }
    }
}
