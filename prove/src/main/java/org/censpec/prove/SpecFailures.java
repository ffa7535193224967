package org.censpec.prove;

import java.util.List;
import org.censpec.model.Finding;
import org.censpec.verify.CheckedSpec;

/**
 * The spec's own errors (censpec check) as failures of the proof: a board whose spec the checker
 * refutes (a flow that maps before a device attached, a device that reaches no allocator of its
 * share, a share larger than its allocators) does not pass, however faithfully the kernel
 * replays the counterexample. The replay of each counterexample shows the kernel's answer.
 */
final class SpecFailures {
    private SpecFailures() {}

    static List<ProveReport.Failure> of(CheckedSpec checked) {
        return checked.findings().stream()
                .filter(Finding::fails)
                .map(SpecFailures::failure)
                .toList();
    }

    private static ProveReport.Failure failure(Finding f) {
        return new ProveReport.Failure(
                f.id(),
                "censpec check",
                f.loc().file() + ":" + f.loc().line(),
                "no error",
                f.message(),
                ProveReport.Cause.SPEC,
                f.trace().isEmpty()
                        ? ""
                        : "its counterexample is replayed in every boot (check 'counterexample " + f.id() + " at line "
                                + f.loc().line() + "')");
    }
}
