package org.censpec.tools.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import java.util.List;
import org.censpec.model.Fix;
import org.censpec.model.SourceLocation;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** A finding's fixes travel in the diagnostic's data and come back as quick fixes. */
class FindingFixesTest {
    @Test
    void fixesRoundTripThroughTheWire() {
        Diagnostic d = new Diagnostic(new Range(new Position(4, 2), new Position(4, 8)), "m");
        d.setData(CenLanguageServer.fixData(List.of(
                new Fix("Attach unicam before the first map",
                        List.of(new Fix.Edit(new SourceLocation("f.cen", 12, 9), "        attach unicam;"))),
                new Fix("Declare property fast", List.of(new Fix.Edit(new SourceLocation("f.cen", 3, 1), "property fast;\n"))))));
        // as a client sends it back: plain JSON
        Diagnostic back = new Gson().fromJson(new Gson().toJson(d), Diagnostic.class);
        back.setData(new Gson().fromJson(new Gson().toJson(d.getData()), JsonElement.class));
        var actions = CenLanguageServer.fixActions("file:///f.cen", back);
        assertEquals(2, actions.size());
        CodeAction first = actions.get(0).getRight();
        assertEquals("Attach unicam before the first map", first.getTitle());
        TextEdit e = first.getEdit().getChanges().get("file:///f.cen").get(0);
        assertEquals(new Position(11, 0), e.getRange().getStart());
        assertEquals("        attach unicam;\n", e.getNewText());
        assertEquals("property fast;\n", actions.get(1).getRight().getEdit().getChanges().get("file:///f.cen").get(0).getNewText());
        Diagnostic none = new Diagnostic(new Range(new Position(0, 0), new Position(0, 1)), "m");
        assertTrue(CenLanguageServer.fixActions("file:///f.cen", none).isEmpty());
    }
}
