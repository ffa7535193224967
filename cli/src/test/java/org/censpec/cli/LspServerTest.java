package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.censpec.tools.fmt.SpecFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code censpec lsp} end to end, as an editor drives it: one server process, JSON-RPC over
 * its stdin and stdout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LspServerTest {
    private LspClient lsp;
    private String rpi4;
    private String uri;
    private int version = 1;

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    private static JsonObject doc(String uri) {
        JsonObject d = new JsonObject();
        d.addProperty("uri", uri);
        return d;
    }

    private JsonObject at(int line, int character) {
        JsonObject p = new JsonObject();
        p.add("textDocument", doc(uri));
        JsonObject pos = new JsonObject();
        pos.addProperty("line", line);
        pos.addProperty("character", character);
        p.add("position", pos);
        return p;
    }

    private void open(String u, String text, int v) throws Exception {
        JsonObject td = doc(u);
        td.addProperty("languageId", "cen");
        td.addProperty("version", v);
        td.addProperty("text", text);
        JsonObject p = new JsonObject();
        p.add("textDocument", td);
        lsp.notify("textDocument/didOpen", p);
    }

    private void change(String u, String text, int v) throws Exception {
        JsonObject td = doc(u);
        td.addProperty("version", v);
        JsonObject p = new JsonObject();
        p.add("textDocument", td);
        JsonArray changes = new JsonArray();
        JsonObject c = new JsonObject();
        c.addProperty("text", text);
        changes.add(c);
        p.add("contentChanges", changes);
        lsp.notify("textDocument/didChange", p);
    }

    /** 0-based line and column of the first occurrence of {@code needle} in the rpi4 example. */
    private int[] find(String needle) {
        int i = rpi4.indexOf(needle);
        String before = rpi4.substring(0, i);
        int line = (int) before.chars().filter(c -> c == '\n').count();
        return new int[] {line, i - before.lastIndexOf('\n') - 1};
    }

    @BeforeAll
    void start() throws Exception {
        rpi4 = Files.readString(Examples.ROOT.resolve("rpi4_camera.cen"));
        uri = Examples.ROOT
                .resolve("rpi4_camera.cen")
                .toAbsolutePath()
                .normalize()
                .toUri()
                .toString();
        lsp = new LspClient();
        JsonObject init =
                lsp.request("initialize", json("{\"processId\": null, \"rootUri\": null, \"capabilities\": {}}"));
        JsonObject caps = init.getAsJsonObject("result").getAsJsonObject("capabilities");
        for (String c : List.of(
                "hoverProvider",
                "definitionProvider",
                "referencesProvider",
                "documentSymbolProvider",
                "documentFormattingProvider",
                "codeActionProvider",
                "completionProvider")) {
            assertTrue(caps.has(c), c + " in " + caps);
        }
        lsp.notify("initialized", new JsonObject());
    }

    @AfterAll
    void stop() throws Exception {
        lsp.close();
    }

    @Test
    @Order(1)
    void diagnosticsAsYouTypeWithTheirEngineAndAQuickFix() throws Exception {
        String broken = rpi4.replace(
                "requires contiguous; match \"brcm,bcm2835-unicam\"; }",
                "requires contiguous, fast; match \"brcm,bcm2835-unicam\"; }");
        open(uri, broken, version);
        JsonObject d = lsp.diagnosticsAt(uri, version, 60);
        JsonArray list = d.getAsJsonArray("diagnostics");
        assertEquals(1, list.size(), list.toString());
        JsonObject diag = list.get(0).getAsJsonObject();
        assertEquals("spec.undefined", diag.get("code").getAsString());
        assertEquals("censpec (direct)", diag.get("source").getAsString());
        assertEquals(1, diag.get("severity").getAsInt());
        int[] fast = find("requires contiguous; match \"brcm,bcm2835-unicam\"; }");
        JsonObject start = diag.getAsJsonObject("range").getAsJsonObject("start");
        assertEquals(fast[0], start.get("line").getAsInt());
        assertEquals(
                fast[1] + "requires contiguous, ".length(),
                start.get("character").getAsInt());
        assertEquals(
                fast[1] + "requires contiguous, fast".length(),
                diag.getAsJsonObject("range")
                        .getAsJsonObject("end")
                        .get("character")
                        .getAsInt());
        JsonObject params = new JsonObject();
        params.add("textDocument", doc(uri));
        params.add("range", diag.get("range"));
        JsonObject ctx = new JsonObject();
        JsonArray diags = new JsonArray();
        diags.add(diag);
        ctx.add("diagnostics", diags);
        params.add("context", ctx);
        JsonArray actions = lsp.request("textDocument/codeAction", params).getAsJsonArray("result");
        assertEquals(1, actions.size(), actions.toString());
        JsonObject fix = actions.get(0).getAsJsonObject();
        assertEquals("Declare property fast", fix.get("title").getAsString());
        JsonObject edit = fix.getAsJsonObject("edit")
                .getAsJsonObject("changes")
                .getAsJsonArray(uri)
                .get(0)
                .getAsJsonObject();
        assertEquals("property fast;\n", edit.get("newText").getAsString());
        assertEquals(
                find("property secure;")[0] + 1,
                edit.getAsJsonObject("range")
                        .getAsJsonObject("start")
                        .get("line")
                        .getAsInt());

        change(uri, rpi4, ++version);
        JsonArray fixed = lsp.diagnosticsAt(uri, version, 60).getAsJsonArray("diagnostics");
        assertTrue(fixed.size() >= 1, fixed.toString());
        for (JsonElement e : fixed) {
            assertEquals(2, e.getAsJsonObject().get("severity").getAsInt(), "warnings only: " + fixed);
        }
        assertTrue(fixed.toString().contains("flow.attach-after-map"), fixed.toString());
        assertTheFindingsFixIsOneActionWrittenAsAPersonWould(fixed);
    }

    /** rpi4's attach-after-map fix: label the attach and add a wait, in one action, on lines of their own. */
    private void assertTheFindingsFixIsOneActionWrittenAsAPersonWould(JsonArray diagnostics) throws Exception {
        JsonObject late = null;
        for (JsonElement e : diagnostics) {
            if (e.getAsJsonObject().get("code").getAsString().equals("flow.attach-after-map")) {
                late = e.getAsJsonObject();
            }
        }
        JsonObject params = new JsonObject();
        params.add("textDocument", doc(uri));
        params.add("range", late.get("range"));
        JsonObject ctx = new JsonObject();
        JsonArray diags = new JsonArray();
        diags.add(late);
        ctx.add("diagnostics", diags);
        params.add("context", ctx);
        JsonArray actions = lsp.request("textDocument/codeAction", params).getAsJsonArray("result");
        assertEquals(1, actions.size(), actions.toString());
        JsonArray edits = actions.get(0)
                .getAsJsonObject()
                .getAsJsonObject("edit")
                .getAsJsonObject("changes")
                .getAsJsonArray(uri);
        assertEquals(2, edits.size(), edits.toString());
        List<String> lines = new ArrayList<>(List.of(rpi4.split("\n", -1)));
        for (int i = edits.size() - 1; i >= 0; i--) {
            JsonObject e = edits.get(i).getAsJsonObject();
            JsonObject at = e.getAsJsonObject("range").getAsJsonObject("start");
            String l = lines.get(at.get("line").getAsInt());
            int c = at.get("character").getAsInt();
            lines.set(
                    at.get("line").getAsInt(),
                    l.substring(0, c) + e.get("newText").getAsString() + l.substring(c));
        }
        String after = String.join("\n", lines);
        assertTrue(after.contains("        unicam_attached: attach unicam;\n"), after);
        assertTrue(
                after.contains("        ready: attach hvs;\n        wait camera.unicam_attached;\n        map v3d;\n"),
                after);
        assertTrue(after.lines().noneMatch(l -> !l.equals(l.stripTrailing())), "no trailing space: " + after);
    }

    @Test
    @Order(2)
    void alloyOnSave() throws Exception {
        lsp.notify("textDocument/didSave", json("{\"textDocument\": {\"uri\": \"" + uri + "\"}}"));
        JsonObject saved = lsp.await(
                        m -> m.has("method")
                                && m.get("method").getAsString().equals("textDocument/publishDiagnostics")
                                && m.toString().contains("censpec (alloy)"),
                        120)
                .getAsJsonObject("params");
        assertEquals(version, saved.get("version").getAsInt());
        assertTrue(saved.toString().contains("flow.attach-after-map"), saved.toString());
    }

    @Test
    @Order(3)
    void hoverSaysWhatADeviceAcceptsAndWhyNotTheOthers() throws Exception {
        int[] unicam = find("unicam {");
        JsonObject h =
                lsp.request("textDocument/hover", at(unicam[0], unicam[1] + 2)).getAsJsonObject("result");
        String text = h.getAsJsonObject("contents").get("value").getAsString();
        assertTrue(text.startsWith("**device unicam**: dma_bits 30"), text);
        assertTrue(text.contains("accepts: `cma_low`"), text);
        assertTrue(text.contains("- `dma32`: does not provide contiguous; below 4G is beyond 30-bit reach"), text);
        assertTrue(text.contains("- `system`: does not provide contiguous"), text);
        int[] cma = find("cma_low {");
        String a = lsp.request("textDocument/hover", at(cma[0], cma[1]))
                .getAsJsonObject("result")
                .getAsJsonObject("contents")
                .get("value")
                .getAsString();
        assertTrue(
                a.contains("**allocator cma_low** (priority 1 of 3): backend contiguous, provides contiguous, cached"),
                a);
        assertTrue(a.contains("accepted by: unicam, hvs, v3d, hevc"), a);
        JsonObject none = lsp.request("textDocument/hover", at(0, 0));
        assertTrue(none.get("result").isJsonNull(), none.toString());
    }

    @Test
    @Order(4)
    void definitionsAndReferences() throws Exception {
        int[] inShare = find("unicam, v3d, hvs");
        JsonArray defs = lsp.request("textDocument/definition", at(inShare[0], inShare[1] + 1))
                .getAsJsonArray("result");
        assertEquals(1, defs.size(), defs.toString());
        int[] decl = find("unicam {");
        JsonObject range = defs.get(0).getAsJsonObject().getAsJsonObject("range");
        assertEquals(decl[0], range.getAsJsonObject("start").get("line").getAsInt());
        assertEquals(decl[1], range.getAsJsonObject("start").get("character").getAsInt());
        JsonObject refParams = at(inShare[0], inShare[1]);
        refParams.add("context", json("{\"includeDeclaration\": true}"));
        JsonArray refs = lsp.request("textDocument/references", refParams).getAsJsonArray("result");
        // declaration, the share, attach, map, unmap, detach
        assertEquals(6, refs.size(), refs.toString());
        // a wait's label goes to its declaration in the other actor
        int[] wait = find("compositor.ready");
        JsonArray label = lsp.request("textDocument/definition", at(wait[0], wait[1] + "compositor.".length() + 1))
                .getAsJsonArray("result");
        assertEquals(
                find("ready: attach hvs")[0],
                label.get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("range")
                        .getAsJsonObject("start")
                        .get("line")
                        .getAsInt());
    }

    @Test
    @Order(5)
    void completionSymbolsAndFormatting() throws Exception {
        String u = uri.replace("rpi4_camera.cen", "scratch.cen");
        String messy = "spec scratch;  ram 8\nproperty fast ;\ndevice uni { dma_bits 32; requires f }\n";
        open(u, messy, 1);
        JsonObject p = at(0, 20);
        p.add("textDocument", doc(u));
        JsonArray units = lsp.request("textDocument/completion", p).getAsJsonArray("result");
        List<String> labels = new ArrayList<>();
        units.forEach(e -> labels.add(e.getAsJsonObject().get("label").getAsString()));
        assertEquals(List.of("8K", "8M", "8G"), labels);
        JsonObject q = at(2, 36); // after "requires f"
        q.add("textDocument", doc(u));
        JsonArray names = lsp.request("textDocument/completion", q).getAsJsonArray("result");
        List<String> got = new ArrayList<>();
        names.forEach(e -> got.add(e.getAsJsonObject().get("label").getAsString()));
        assertEquals(List.of("fast"), got, "after requires: the properties only");

        JsonObject s = new JsonObject();
        s.add("textDocument", doc(uri));
        JsonArray symbols = lsp.request("textDocument/documentSymbol", s).getAsJsonArray("result");
        List<String> top = new ArrayList<>();
        JsonObject flow = null;
        for (JsonElement e : symbols) {
            top.add(e.getAsJsonObject().get("name").getAsString());
            if (e.getAsJsonObject().get("name").getAsString().equals("preview_frame")) {
                flow = e.getAsJsonObject();
            }
        }
        assertTrue(
                top.containsAll(List.of("rpi4_camera", "contiguous", "cma_low", "unicam", "preview", "preview_frame")),
                top.toString());
        assertEquals(
                "camera",
                flow.getAsJsonArray("children")
                        .get(0)
                        .getAsJsonObject()
                        .get("name")
                        .getAsString());

        String fixable = "spec scratch;  ram 8G;\nproperty fast ;\ndevice uni { dma_bits 32; requires fast; }\n";
        change(u, fixable, 2);
        JsonObject f = new JsonObject();
        f.add("textDocument", doc(u));
        f.add("options", json("{\"tabSize\": 4, \"insertSpaces\": true}"));
        JsonArray edits = lsp.request("textDocument/formatting", f).getAsJsonArray("result");
        assertEquals(1, edits.size());
        assertEquals(
                SpecFormatter.format(fixable),
                edits.get(0).getAsJsonObject().get("newText").getAsString());
        assertEquals(
                "spec scratch;\nram 8G;\nproperty fast;\ndevice uni { dma_bits 32; requires fast; }\n",
                edits.get(0).getAsJsonObject().get("newText").getAsString());
        lsp.notify("textDocument/didClose", json("{\"textDocument\": {\"uri\": \"" + u + "\"}}"));
        lsp.await(
                m -> m.has("method")
                        && m.toString().contains(u)
                        && m.getAsJsonObject("params")
                                .getAsJsonArray("diagnostics")
                                .isEmpty()
                        && !m.getAsJsonObject("params").has("version"),
                30);
    }

    @Test
    @Order(6)
    void survivesMalformedMessagesUnknownMethodsAndHugeDocuments() throws Exception {
        lsp.sendRaw("{this is not json");
        lsp.sendRaw("{\"jsonrpc\": \"2.0\", \"method\": \"$/unknownNotification\", \"params\": {}}");
        JsonObject unknown = lsp.request("censpec/noSuchMethod", new JsonObject());
        assertEquals(-32601, unknown.getAsJsonObject("error").get("code").getAsInt(), unknown.toString());
        JsonObject badParams = lsp.request("textDocument/hover", json("{\"textDocument\": 5}"));
        assertTrue(badParams.has("error") || badParams.get("result").isJsonNull(), badParams.toString());

        String big = "spec big;\nram 1G;\n"
                + "// padding padding padding padding padding padding padding padding\n".repeat(160_000);
        assertTrue(big.length() > 10_000_000);
        String bigUri = uri.replace("rpi4_camera.cen", "big.cen");
        open(bigUri, big, 1);
        JsonObject d = lsp.diagnosticsAt(bigUri, 1, 60);
        assertEquals(
                "spec.too-large",
                d.getAsJsonArray("diagnostics")
                        .get(0)
                        .getAsJsonObject()
                        .get("code")
                        .getAsString());
        JsonObject p = at(0, 6);
        p.add("textDocument", doc(bigUri));
        long t0 = System.nanoTime();
        assertTrue(lsp.request("textDocument/hover", p).get("result").isJsonNull());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "a huge document does not stall requests");
        // still serving after all that
        int[] unicam = find("unicam {");
        assertTrue(lsp.request("textDocument/hover", at(unicam[0], unicam[1]))
                .toString()
                .contains("device unicam"));
    }

    @Test
    @Order(7)
    void editsFasterThanChecksNeverShowAStaleResult() throws Exception {
        int before = lsp.diagnostics(uri).size();
        int first = version + 1;
        for (int i = 0; i < 30; i++) {
            // every other version has an error, so a stale result would be visible
            String text = i % 2 == 0 ? rpi4.replace("ram 8G;", "ram 8G; ram 4G;") : rpi4;
            change(uri, text, ++version);
        }
        JsonObject last = lsp.diagnosticsAt(uri, version, 60);
        assertFalse(last.toString().contains("spec.duplicate"), "the last edit is the good spec: " + last);
        Thread.sleep(3 * org.censpec.tools.lsp.CenLanguageServer.DEBOUNCE_MS + 300);
        List<JsonObject> published =
                lsp.diagnostics(uri).subList(before, lsp.diagnostics(uri).size());
        int previous = 0;
        for (JsonObject p : published) {
            int v = p.get("version").getAsInt();
            assertTrue(v >= previous && v >= first, "versions in order, none stale: " + published);
            previous = v;
        }
        assertEquals(version, previous, "nothing published after the last version's result");
        assertTrue(published.size() < 30, "stale checks dropped: " + published.size() + " results for 30 edits");
    }

    @Test
    @Order(8)
    void shutdownAndExit() throws Exception {
        JsonObject r = lsp.request("shutdown", null);
        assertTrue(r.has("result"), r.toString());
        lsp.notify("exit", null);
        assertTrue(lsp.process.waitFor(20, TimeUnit.SECONDS), "the server exits");
        assertEquals(0, lsp.process.exitValue());
    }
}
