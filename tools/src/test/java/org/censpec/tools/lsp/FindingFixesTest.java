package org.censpec.tools.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.censpec.model.Fix;
import org.censpec.model.SourceLocation;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/**
 * A finding's fixes travel in the diagnostic's data and come back as quick fixes: one action
 * per fix with all its edits, laid out as a person writes them.
 */
class FindingFixesTest {
    private static final String URI = "file:///f.cen";
    private static final String TEXT = """
            flow f on s {
                actor camera {
                    attach unicam;
                    map unicam;
                }
                actor compositor { attach v3d; map v3d; }
                actor display {
                    attach hvs;
                    map hvs;
                }
            }
            """;

    private static Diagnostic sent(List<Fix> fixes) {
        Diagnostic d = new Diagnostic(new Range(new Position(2, 8), new Position(2, 14)), "m");
        d.setData(QuickFixes.data(fixes));
        // as a client sends it back: plain JSON
        Diagnostic back = new Gson().fromJson(new Gson().toJson(d), Diagnostic.class);
        back.setData(new Gson().fromJson(new Gson().toJson(d.getData()), JsonElement.class));
        return back;
    }

    /** The document after applying an action's edits (insertions, applied from the last). */
    private static String apply(CodeAction a) {
        List<TextEdit> edits = new ArrayList<>(a.getEdit().getChanges().get(URI));
        edits.sort(Comparator.comparing((TextEdit e) -> e.getRange().getStart().getLine())
                .thenComparing(e -> e.getRange().getStart().getCharacter())
                .reversed());
        List<String> lines = new ArrayList<>(List.of(TEXT.split("\n", -1)));
        for (TextEdit e : edits) {
            Position p = e.getRange().getStart();
            String l = lines.get(p.getLine());
            lines.set(p.getLine(), l.substring(0, p.getCharacter()) + e.getNewText() + l.substring(p.getCharacter()));
        }
        return String.join("\n", lines);
    }

    @Test
    void aFixWithTwoEditsIsOneActionLaidOutWithoutTrailingSpace() {
        Fix fix = new Fix(
                "label `attach unicam` (line 3) `unicam_attached:` and add `wait camera.unicam_attached;` "
                        + "before `map hvs` (line 9)",
                List.of(
                        new Fix.Edit(new SourceLocation("f.cen", 3, 9), "unicam_attached: "),
                        new Fix.Edit(new SourceLocation("f.cen", 9, 9), "wait camera.unicam_attached; ")));
        List<CodeAction> actions = QuickFixes.actions(URI, TEXT, List.of(sent(List.of(fix))));
        assertEquals(1, actions.size(), "one action per fix");
        assertEquals(fix.description(), actions.get(0).getTitle());
        String after = apply(actions.get(0));
        assertTrue(after.contains("        unicam_attached: attach unicam;\n"), after);
        assertTrue(
                after.contains("        attach hvs;\n        wait camera.unicam_attached;\n        map hvs;\n"), after);
        for (String line : after.split("\n")) {
            assertEquals(line.stripTrailing(), line, "no trailing space");
        }
    }

    @Test
    void aWaitBeforeAStepMidLineStaysOnItsLineAndSeveralWaitsGetALineEach() {
        assertEquals(
                "wait a.b; ", QuickFixes.layout("    actor compositor { attach v3d; map v3d; }", 35, "wait a.b; "));
        assertEquals(
                "wait a.b;\n        wait c.d;\n        ",
                QuickFixes.layout("        map hvs;", 8, "wait a.b; wait c.d; "));
    }

    @Test
    void theSameFixOfTwoFindingsIsOneActionAndOutdatedFixesNone() {
        Fix fix = new Fix(
                "add `wait camera.x;` before `map hvs` (line 9)",
                List.of(new Fix.Edit(new SourceLocation("f.cen", 9, 9), "wait camera.x; ")));
        List<CodeAction> actions = QuickFixes.actions(URI, TEXT, List.of(sent(List.of(fix)), sent(List.of(fix))));
        assertEquals(1, actions.size());
        assertEquals(2, actions.get(0).getDiagnostics().size());
        Fix beyond = new Fix("x", List.of(new Fix.Edit(new SourceLocation("f.cen", 99, 1), "wait a.b; ")));
        assertTrue(QuickFixes.actions(URI, TEXT, List.of(sent(List.of(beyond)))).isEmpty());
        Diagnostic none = new Diagnostic(new Range(new Position(0, 0), new Position(0, 1)), "m");
        assertTrue(QuickFixes.actions(URI, TEXT, List.of(none)).isEmpty());
    }
}
