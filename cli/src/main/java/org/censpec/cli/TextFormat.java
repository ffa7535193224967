package org.censpec.cli;

import java.util.List;
import org.censpec.verify.CheckedSpec;
import org.censpec.model.Finding;
import org.censpec.model.TraceStep;

/**
 * The human format: {@code FILE:LINE:COL: error[ID]: message}, sorted, with a flow
 * finding's interleaving indented below it, then one summary line.
 */
final class TextFormat {
    private TextFormat() {
    }

    static List<Finding> sorted(List<CheckedSpec> reports) {
        return reports.stream().flatMap(r -> r.findings().stream()).sorted(Finding.ORDER).toList();
    }

    static String render(List<CheckedSpec> reports) {
        StringBuilder sb = new StringBuilder();
        int errors = 0;
        int warnings = 0;
        for (Finding f : sorted(reports)) {
            if (f.isError()) {
                errors++;
            } else {
                warnings++;
            }
            sb.append(f.loc()).append(": ").append(f.severity().label()).append('[').append(f.id()).append("]: ")
                    .append(f.message()).append('\n');
            if (!f.trace().isEmpty()) {
                sb.append("    interleaving:\n");
                int n = 1;
                for (TraceStep t : f.trace()) {
                    boolean last = n == f.trace().size();
                    sb.append(String.format("    %s %2d. %-12s %-28s line %-4d mask {%s}%s%n", last ? ">" : " ", n++,
                            t.actor(), t.step(), t.loc().line(), String.join(", ", t.accessMask()),
                            t.allocator().map(a -> " allocated from " + a).orElse("")));
                }
            }
        }
        sb.append(errors).append(errors == 1 ? " error, " : " errors, ").append(warnings)
                .append(warnings == 1 ? " warning" : " warnings").append(" in ").append(reports.size())
                .append(reports.size() == 1 ? " file" : " files").append('\n');
        return sb.toString();
    }
}
