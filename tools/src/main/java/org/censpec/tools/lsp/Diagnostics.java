package org.censpec.tools.lsp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.SourceLocation;
import org.censpec.model.parse.SpecReader;
import org.censpec.model.rules.SpecRules;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.censpec.verify.budget.WorkBudget;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** A document's findings as LSP diagnostics: the check of {@code censpec check}, one engine. */
final class Diagnostics {
    private Diagnostics() {}

    static List<Diagnostic> of(Doc d, Engine engine, WorkBudget budget) {
        String file = d.file();
        List<Finding> findings;
        if (d.tooLarge()) {
            findings = List.of(Finding.of(
                    SpecRules.TOO_LARGE,
                    new SourceLocation(file, 1, 1),
                    "document is " + d.text().getBytes(StandardCharsets.UTF_8).length + " bytes; specs are limited to "
                            + SpecReader.MAX_BYTES + " bytes"));
        } else {
            CheckedSpec checked = new SpecCheck(engine, budget, List.of()).check(file, d.text());
            findings = checked.findings();
        }
        String source = "censpec (" + (engine == Engine.ALLOY ? "alloy" : "direct") + ")";
        List<Diagnostic> out = new ArrayList<>();
        String[] lines = d.lines();
        for (Finding f : findings) {
            if (!f.loc().file().equals(file)) {
                continue; // a finding in an included file belongs to that file
            }
            Diagnostic diag = new Diagnostic(
                    wordRange(lines, f.loc().line() - 1, f.loc().column() - 1),
                    f.message()
                            + f.suppression()
                                    .map(r -> " (suppressed: " + r + ")")
                                    .orElse(""),
                    f.isError() && !f.isSuppressed()
                            ? DiagnosticSeverity.Error
                            : f.isSuppressed() ? DiagnosticSeverity.Hint : DiagnosticSeverity.Warning,
                    source,
                    f.id());
            if (!f.fixes().isEmpty()) {
                diag.setData(QuickFixes.data(f.fixes()));
            }
            out.add(diag);
        }
        return out;
    }

    /** The one diagnostic of a check that failed inside censpec. */
    static Diagnostic internalError(RuntimeException e) {
        return new Diagnostic(
                new Range(new Position(0, 0), new Position(0, 1)),
                "censpec: internal error while checking: " + e,
                DiagnosticSeverity.Error,
                "censpec");
    }

    /** The range of the word (name, number or string) starting at a 0-based line and column. */
    static Range wordRange(String[] lines, int line, int col) {
        line = Math.max(0, Math.min(line, lines.length - 1));
        String l = lines[line];
        col = Math.max(0, Math.min(col, l.length()));
        int end = col;
        if (end < l.length() && l.charAt(end) == '"') {
            int close = l.indexOf('"', end + 1);
            end = close < 0 ? l.length() : close + 1;
        } else {
            while (end < l.length() && (Character.isLetterOrDigit(l.charAt(end)) || l.charAt(end) == '_')) {
                end++;
            }
        }
        if (end == col) {
            end = Math.min(col + 1, Math.max(col, l.length()));
        }
        return new Range(new Position(line, col), new Position(line, end));
    }
}
