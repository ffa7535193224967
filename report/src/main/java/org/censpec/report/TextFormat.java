package org.censpec.report;

import java.util.List;
import org.censpec.model.Finding;
import org.censpec.verify.CheckedSpec;

/**
 * The human format: {@code FILE:LINE:COL: error[ID]: message}, sorted, with a flow
 * finding's interleaving indented below it, then one summary line.
 */
public final class TextFormat {
    private TextFormat() {}

    public static List<Finding> sorted(List<CheckedSpec> reports) {
        return reports.stream()
                .flatMap(r -> r.findings().stream())
                .sorted(Finding.ORDER)
                .toList();
    }

    public static String render(List<CheckedSpec> reports) {
        return render(reports, false);
    }

    /** With {@code hideSuppressedTraces}, a suppressed finding is one line, without its interleaving. */
    public static String render(List<CheckedSpec> reports, boolean hideSuppressedTraces) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : sorted(reports)) {
            sb.append(Findings.text(f, !(hideSuppressedTraces && f.isSuppressed())));
        }
        return sb.append(summary(reports)).append('\n').toString();
    }

    /** {@code N errors, M warnings[, K suppressed] in F files}: suppressed findings count apart. */
    public static String summary(List<CheckedSpec> reports) {
        List<Finding> all = sorted(reports);
        long errors = all.stream().filter(Finding::fails).count();
        long warnings = all.stream().filter(Finding::warns).count();
        long suppressed = all.stream().filter(Finding::isSuppressed).count();
        return errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings")
                + (suppressed > 0 ? ", " + suppressed + " suppressed" : "") + " in " + reports.size()
                + (reports.size() == 1 ? " file" : " files");
    }
}
