package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Actor;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Severity;
import org.censpec.model.Spec;
import org.censpec.model.TraceStep;
import org.junit.jupiter.api.Test;

/** The example of language.md: exactly three warnings. */
class ContractExampleTest {

    @Test
    void contractExampleGivesExactlyTheThreeWarnings() {
        Spec spec = SpecBuilder.contractExample();
        AlloyChecker.Report report = new AlloyChecker().run(spec, Duration.ofSeconds(60));
        List<Finding> fs = report.findings();
        fs.forEach(f -> System.out.println(f.id() + " " + f.loc() + " " + f.message() + "\n   " + f.trace()));
        System.out.println(report.commands() + " " + report.millis() + " ms");
        assertEquals(3, fs.size(), fs.toString());

        Flow flow = spec.flows().get(0);
        Actor camera = flow.actors().get(0);
        Finding aam = fs.stream()
                .filter(f -> f.id().equals("flow.attach-after-map"))
                .findFirst()
                .orElseThrow();
        assertEquals(Severity.WARNING, aam.severity());
        assertEquals(camera.steps().get(0).loc(), aam.loc());
        assertTrue(aam.message().contains("cma_low"), aam.message());
        // the trace: compositor maps before the camera attaches; it ends with that attach
        List<TraceStep> trace = aam.trace();
        TraceStep last = trace.get(trace.size() - 1);
        assertEquals("camera", last.actor());
        assertEquals("attach unicam", last.step());
        assertEquals(Optional.of("cma_low"), last.allocator());
        assertEquals(List.of("cma_low"), last.accessMask());
        assertTrue(trace.stream().anyMatch(t -> t.step().startsWith("map ")), trace.toString());
        assertFalse(trace.get(0).allocator().isPresent());

        List<Finding> unused =
                fs.stream().filter(f -> f.id().equals("allocator.unused")).toList();
        assertEquals(
                List.of(spec.allocators().get(1).loc(), spec.allocators().get(2).loc()),
                unused.stream().map(Finding::loc).toList());
        unused.forEach(f -> assertEquals(Severity.WARNING, f.severity()));
    }
}
