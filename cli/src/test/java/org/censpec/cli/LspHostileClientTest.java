package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 29's LSP reproducers against a real {@code censpec lsp} process: malformed input printed
 * java.util.logging SEVERE stack traces, a didChange with {@code contentChanges: null} threw, and
 * after a body sent without a header the server stayed up but answered nothing. Now each bad
 * input is one error answer and at most one stderr line, and the next request is answered.
 */
class LspHostileClientTest {
    @TempDir
    Path dir;

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    private static void raw(LspClient lsp, String bytes) throws Exception {
        var in = lsp.process.getOutputStream();
        in.write(bytes.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Test
    void garbageNullsAndBadFramesAreOneLineEachAndTheServerKeepsAnswering() throws Exception {
        Path stderr = dir.resolve("stderr");
        String uri = dir.resolve("h.cen").toUri().toString();
        List<String> bad = List.of(
                "{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": \"shutdown\"}", // a body without its header
                "Content-Length: 17\r\n\r\n{this is not json",
                "Content-Length: nope\r\n\r\n{}",
                "Content-Length: 99999999999\r\n\r\n",
                "garbage glued to a header: Content-Length: 1");
        int answered = 0;
        try (LspClient lsp = new LspClient(ProcessBuilder.Redirect.to(stderr.toFile()))) {
            lsp.request("initialize", json("{\"processId\": null, \"rootUri\": null, \"capabilities\": {}}"));
            lsp.notify("initialized", new JsonObject());
            lsp.notify(
                    "textDocument/didOpen",
                    json("{\"textDocument\": {\"uri\": \"" + uri + "\", \"languageId\": \"cen\", \"version\": 1,"
                            + " \"text\": \"spec h;\\nram 1G;\\ndevice d { dma_bits 32; }\\n\"}}"));
            lsp.notify(
                    "textDocument/didChange",
                    json("{\"textDocument\": {\"uri\": \"" + uri + "\", \"version\": 2}, \"contentChanges\": null}"));
            lsp.notify("textDocument/didChange", json("{\"textDocument\": null, \"contentChanges\": [null]}"));
            for (String b : bad) {
                raw(lsp, b);
                JsonObject hover = lsp.request(
                        "textDocument/hover",
                        json("{\"textDocument\": {\"uri\": \"" + uri + "\"}, \"position\": {\"line\": 2,"
                                + " \"character\": 8}}"));
                assertTrue(hover.toString().contains("device d"), "answered after " + b + ": " + hover);
                answered++;
            }
            // each error answer is written before the request after it is read
            assertEquals(bad.size(), parseErrors(lsp), "one error answer (id null, -32700) per bad input");
            lsp.request("shutdown", null);
            lsp.notify("exit", null);
            assertTrue(lsp.process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, lsp.process.exitValue());
        }
        assertEquals(bad.size(), answered);
        List<String> lines = Files.readAllLines(stderr);
        assertTrue(lines.size() <= bad.size(), "at most one line per bad input: " + lines);
        for (String l : lines) {
            assertTrue(l.startsWith("censpec lsp: warning: ") && l.length() < 300, "one short line: " + lines);
        }
        assertTrue(
                lines.stream().noneMatch(l -> l.contains("Exception") || l.contains("SEVERE")),
                "no exception reaches stderr: " + lines);
    }

    private static int parseErrors(LspClient lsp) {
        return (int) lsp.all().stream()
                .filter(m -> m.has("id") && m.get("id").isJsonNull() && m.has("error"))
                .filter(m -> m.getAsJsonObject("error").get("code").getAsInt() == -32700)
                .count();
    }
}
