package org.censpec.tools.lsp;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Fix;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * A finding's fixes as quick fixes: carried in the diagnostic's {@code data} (the client keeps
 * it and sends it back with a code action request), one code action per fix holding all of the
 * fix's edits, laid out as a person would write them: a statement inserted before a step that
 * starts its line gets its own line at that step's indentation; a label goes inline.
 */
final class QuickFixes {
    private QuickFixes() {}

    /** One entry per fix: its title and its insertions (0-based line and column, text). */
    static JsonArray data(List<Fix> fixes) {
        JsonArray a = new JsonArray();
        for (Fix f : fixes) {
            JsonObject o = new JsonObject();
            o.addProperty("title", f.description());
            JsonArray edits = new JsonArray();
            for (Fix.Edit e : f.edits()) {
                JsonObject edit = new JsonObject();
                edit.addProperty("line", Math.max(0, e.at().line() - 1));
                edit.addProperty("character", Math.max(0, e.at().column() - 1));
                edit.addProperty("text", e.text());
                edits.add(edit);
            }
            o.add("edits", edits);
            a.add(o);
        }
        return a;
    }

    /**
     * The code actions of some diagnostics of one document: one per distinct fix (two
     * findings offering the same fix give one action naming both diagnostics).
     */
    static List<CodeAction> actions(String uri, String text, List<Diagnostic> diagnostics) {
        String[] lines = text.split("\n", -1);
        Map<String, CodeAction> byFix = new LinkedHashMap<>();
        for (Diagnostic diag : diagnostics) {
            for (JsonObject fix : fixesOf(diag)) {
                List<TextEdit> edits = edits(lines, fix.getAsJsonArray("edits"));
                if (edits.isEmpty()) {
                    continue;
                }
                String title = fix.has("title") ? fix.get("title").getAsString() : "Apply censpec's fix";
                CodeAction action = byFix.computeIfAbsent(title + "\u0000" + edits, k -> newAction(uri, title, edits));
                action.getDiagnostics().add(diag);
            }
        }
        return new ArrayList<>(byFix.values());
    }

    private static CodeAction newAction(String uri, String title, List<TextEdit> edits) {
        CodeAction action = new CodeAction(title);
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(new ArrayList<>());
        action.setEdit(new WorkspaceEdit(Map.of(uri, edits)));
        return action;
    }

    private static List<JsonObject> fixesOf(Diagnostic diag) {
        Object data = diag.getData();
        JsonElement json = data instanceof JsonElement j ? j : data == null ? null : new Gson().toJsonTree(data);
        List<JsonObject> out = new ArrayList<>();
        if (json != null && json.isJsonArray()) {
            for (JsonElement e : json.getAsJsonArray()) {
                if (e.isJsonObject()
                        && e.getAsJsonObject().has("edits")
                        && e.getAsJsonObject().get("edits").isJsonArray()) {
                    out.add(e.getAsJsonObject());
                }
            }
        }
        return out;
    }

    /** The fix's insertions, or none when one does not fit the document (an outdated diagnostic). */
    private static List<TextEdit> edits(String[] lines, JsonArray edits) {
        List<TextEdit> out = new ArrayList<>();
        for (JsonElement e : edits) {
            if (!e.isJsonObject()
                    || !e.getAsJsonObject().has("line")
                    || !e.getAsJsonObject().has("character")
                    || !e.getAsJsonObject().has("text")) {
                return List.of();
            }
            JsonObject o = e.getAsJsonObject();
            int line;
            int col;
            String text;
            try {
                line = o.get("line").getAsInt();
                col = o.get("character").getAsInt();
                text = o.get("text").getAsString();
            } catch (RuntimeException notData) { // data the client changed: no number, an array...
                return List.of();
            }
            if (line < 0 || line >= lines.length || col < 0 || col > lines[line].length()) {
                return List.of();
            }
            Position at = new Position(line, col);
            out.add(new TextEdit(new Range(at, at), layout(lines[line], col, text)));
        }
        return out;
    }

    /**
     * Statements ({@code wait a.b; wait c.d; }) inserted before a step that starts its line go
     * on lines of their own at the step's indentation; anything else (a label, a step mid-line)
     * is inserted as is.
     */
    static String layout(String line, int col, String text) {
        boolean statement = text.stripTrailing().endsWith(";");
        String indent = line.substring(0, col);
        if (!statement || !indent.isBlank()) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        for (String s : text.strip().split("(?<=;)\\s+")) {
            b.append(s).append('\n').append(indent);
        }
        return b.toString();
    }
}
