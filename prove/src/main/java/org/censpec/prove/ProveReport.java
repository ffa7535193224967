package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code censpec prove} found, as a driver author reads it: the spec, the board it was
 * proved for (or why none), what differs between the spec and the board, and per boot the
 * kernel, architecture, machine and memory, the checks (each with its passed and failed
 * counts and failures), and what was not proven and why; once for the run, the importers the
 * spec does not name that attached and the {@code match} lines suggested for them (never a
 * failure). Rendered as text, JSON or JUnit XML ({@link ProveFormat}).
 */
public record ProveReport(
        String spec,
        String file,
        String board,
        List<String> boardNotes,
        List<Failure> specFailures,
        List<Boot> boots,
        UnnamedImporters unnamedImporters) {

    /** What a failure most likely comes from. */
    public enum Cause {
        /** The module did not do what the spec and the target predict. */
        MODULE,
        /** The spec says something the board or its own model refutes. */
        SPEC,
        /** The target (the guest or the board) is not what the prediction assumed. */
        TARGET;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One failure: what was checked ({@code what}: a control command, an ABI test, a spec line),
     * the scenario it belongs to, the spec line ("file:line", or empty), the model's and the
     * kernel's view, the likely cause and why (what the prediction took from the target, or the reason).
     */
    public record Failure(
            String what, String scenario, String at, String model, String kernel, Cause cause, String why) {}

    /** One check of a boot: a group (flows, runtime, abi, ...), a name, counts and its failures. */
    public record Check(String group, String name, int passed, int failed, List<Failure> failures) {
        public Check {
            failures = List.copyOf(failures);
        }

        public boolean ok() {
            return failed == 0;
        }
    }

    /**
     * One boot: kernel, architecture, qemu machine, guest RAM, vCPUs, seconds, the memory the
     * prediction assumed and what the guest reported, its checks, what it did not prove, and
     * where its serial log is. {@code verdict} is empty when the boot ran, else why it did not
     * reach a verdict (a hang, a panic).
     */
    public record Boot(
            String kernel,
            String arch,
            String machine,
            String memory,
            int smp,
            long seconds,
            String assumedMemory,
            String guestMemory,
            List<Check> checks,
            List<String> notProven,
            String serialLog,
            String verdict) {
        public Boot {
            checks = List.copyOf(checks);
            notProven = List.copyOf(notProven);
        }

        public int passed() {
            return checks.stream().mapToInt(Check::passed).sum();
        }

        public int failed() {
            return checks.stream().mapToInt(Check::failed).sum() + (verdict.isEmpty() ? 0 : 1);
        }
    }

    public ProveReport {
        boardNotes = List.copyOf(boardNotes);
        specFailures = List.copyOf(specFailures);
        boots = List.copyOf(boots);
    }

    public int passed() {
        return boots.stream().mapToInt(Boot::passed).sum();
    }

    public int failed() {
        return specFailures.size() + boots.stream().mapToInt(Boot::failed).sum();
    }

    /** Every failure, spec-level first, then per boot in check order. */
    public List<Failure> failures() {
        List<Failure> out = new ArrayList<>(specFailures);
        boots.forEach(b -> b.checks().forEach(c -> out.addAll(c.failures())));
        return out;
    }
}
