package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prove report as a driver author reads it: the board, what differs between the spec and
 * the board, then per boot its kernel, machine and memory, what was proven (per group of
 * checks), each failure with its spec line, the model's and the kernel's view and the likely
 * cause, what was not proven and why; then, once, the importers the spec does not name that
 * attached and the match lines suggested for them; the last line is {@code N passed, M failed}.
 */
public final class ProveText {
    /** Failures shown per boot; the JSON and JUnit reports have them all. */
    static final int MAX_SHOWN = 40;

    private ProveText() {}

    public static String render(ProveReport r) {
        StringBuilder b = new StringBuilder();
        b.append("prove: ").append(r.spec()).append(" (").append(r.file()).append(")\n");
        b.append("board: ").append(r.board()).append('\n');
        r.boardNotes().forEach(n -> b.append("  ").append(n).append('\n'));
        if (!r.specFailures().isEmpty()) {
            b.append("spec against its model and its board: ")
                    .append(r.specFailures().size())
                    .append(" failure(s)\n");
            r.specFailures().forEach(f -> failure(b, "", f));
        }
        for (ProveReport.Boot boot : r.boots()) {
            boot(b, boot);
        }
        unnamed(b, r.unnamedImporters());
        return b.append(r.passed())
                .append(" passed, ")
                .append(r.failed())
                .append(" failed\n")
                .toString();
    }

    /** The one line a boot gets while prove runs. */
    public static String bootLine(ProveReport.Boot boot) {
        return "boot " + boot.arch() + " " + boot.machine() + " " + boot.kernel() + " mem=" + boot.memory() + " smp="
                + boot.smp() + ": " + (boot.failed() == 0 ? "PASS" : "FAIL") + " in " + boot.seconds() + " s: "
                + boot.passed() + " passed, " + boot.failed() + " failed"
                + (boot.verdict().isEmpty() ? "" : " (" + boot.verdict() + ")");
    }

    private static void boot(StringBuilder b, ProveReport.Boot boot) {
        b.append(bootLine(boot)).append('\n');
        b.append("  memory assumed: ").append(boot.assumedMemory()).append('\n');
        b.append("  memory the guest reports: ").append(boot.guestMemory()).append('\n');
        Map<String, int[]> groups = new LinkedHashMap<>();
        for (ProveReport.Check c : boot.checks()) {
            int[] g = groups.computeIfAbsent(c.group(), k -> new int[4]);
            g[0] += c.ok() ? 1 : 0;
            g[1]++;
            g[2] += c.passed();
            g[3] += c.passed() + c.failed();
        }
        List<String> proven = new ArrayList<>();
        groups.forEach((group, g) -> proven.add(group + " " + g[0] + "/" + g[1] + " (" + g[2] + "/" + g[3] + ")"));
        b.append("  checks passed (items): ").append(String.join(", ", proven)).append('\n');
        int shown = 0;
        int total = 0;
        for (ProveReport.Check c : boot.checks()) {
            for (ProveReport.Failure f : c.failures()) {
                total++;
                if (shown++ < MAX_SHOWN) {
                    failure(b, c.group() + ": " + c.name() + ": ", f);
                }
            }
        }
        if (total > MAX_SHOWN) {
            b.append("  ... ").append(total - MAX_SHOWN).append(" more failures (--format json has them all)\n");
        }
        if (!boot.notProven().isEmpty()) {
            b.append("  not proven:\n");
            boot.notProven().forEach(n -> b.append("    - ").append(n).append('\n'));
        }
        if (boot.failed() > 0) {
            b.append("  serial log: ").append(boot.serialLog()).append('\n');
        }
    }

    /** Once per run: who attached without a match string, and the match lines suggested (never a failure). */
    private static void unnamed(StringBuilder b, UnnamedImporters u) {
        if (u.suggestions().isEmpty() && u.notes().isEmpty()) {
            return;
        }
        b.append("importers the spec does not name, from the boots' kernel logs (information, not a check): ")
                .append(u.importers().size())
                .append('\n');
        b.append("  ").append(UnnamedImporters.ON_QEMU).append('\n');
        for (UnnamedImporters.Seen s : u.importers()) {
            b.append("  attached: ")
                    .append(s.dev())
                    .append(" (")
                    .append(String.join(", ", s.boots()))
                    .append(")\n");
        }
        u.notes().forEach(n -> b.append("  note: ").append(n).append('\n'));
        b.append("  suggested match lines (censpec replay --suggest-matches):\n");
        u.suggestions().forEach(l -> b.append("    ").append(l).append('\n'));
    }

    private static void failure(StringBuilder b, String where, ProveReport.Failure f) {
        b.append("  FAIL [")
                .append(f.cause().label())
                .append("] ")
                .append(where)
                .append(f.what());
        if (!f.scenario().isEmpty()) {
            b.append(" (").append(f.scenario()).append(')');
        }
        if (!f.at().isEmpty()) {
            b.append(" at ").append(f.at());
        }
        b.append("\n      model:  ")
                .append(f.model())
                .append("\n      kernel: ")
                .append(f.kernel())
                .append('\n');
        if (!f.why().isEmpty()) {
            b.append("      why:    ").append(f.why()).append('\n');
        }
    }
}
