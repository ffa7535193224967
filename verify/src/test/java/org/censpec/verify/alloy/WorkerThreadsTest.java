package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import kodkod.engine.satlab.SATFactory;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.rules.VerifyRules;
import org.censpec.verify.budget.WorkBudget;
import org.censpec.verify.budget.WorkMeter;
import org.censpec.verify.direct.DirectChecker;
import org.junit.jupiter.api.Test;

/**
 * The worker threads generate, parse and solve modules in whatever order they finish; the findings must not
 * depend on it: one worker and four give the same findings (traces included) in the same order, with and
 * without the direct checker's findings as candidates.
 */
class WorkerThreadsTest {
    private static final Duration T = Duration.ofSeconds(120);

    @Test
    void oneWorkerAndFourFindTheSameInTheSameOrder() {
        Spec spec = BoardGenerator.board(24, 12, 7, 0.4);
        List<Finding> one = new AlloyChecker(SATFactory.DEFAULT, 1).check(spec, T);
        List<Finding> four = new AlloyChecker(SATFactory.DEFAULT, 4).check(spec, T);
        assertTrue(one.stream().anyMatch(f -> f.id().startsWith("flow.")), "the board has flow findings: " + one);
        assertTrue(one.stream().noneMatch(f -> f.rule().isVerification()), one.toString());
        assertEquals(one, four);
        assertEquals(details(one), details(four));
    }

    @Test
    void candidatesDoNotChangeTheOrderEither() {
        Spec spec = BoardGenerator.board(24, 12, 11, 0.4);
        List<Finding> direct = new DirectChecker().check(spec);
        List<Finding> one = new AlloyChecker(SATFactory.DEFAULT, 1).check(spec, T, direct);
        List<Finding> four = new AlloyChecker(SATFactory.DEFAULT, 4).check(spec, T, direct);
        assertEquals(details(direct), details(four));
        assertEquals(details(one), details(four));
    }

    @Test
    void aSpecWhoseTimeRanOutReportsEveryModuleOnceWhateverTheWorkers() throws InterruptedException {
        Spec spec = BoardGenerator.board(24, 12, 7, 0.4);
        WorkMeter spent = WorkBudget.ofTime(Duration.ofSeconds(1)).start();
        Thread.sleep(1_100);
        List<Finding> one = new AlloyChecker(SATFactory.DEFAULT, 1).check(spec, true, spec.flows(), spent, List.of());
        List<Finding> four = new AlloyChecker(SATFactory.DEFAULT, 4).check(spec, true, spec.flows(), spent, List.of());
        assertEquals(
                1 + spec.flows().size(),
                four.stream().filter(f -> f.rule() == VerifyRules.BUDGET).count());
        assertEquals(details(one), details(four));
    }

    private static List<String> details(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.id() + "@" + f.loc() + " " + f.message() + " " + f.trace())
                .toList();
    }
}
