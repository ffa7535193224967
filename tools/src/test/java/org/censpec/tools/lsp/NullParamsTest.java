package org.censpec.tools.lsp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.junit.jupiter.api.Test;

/**
 * LSP4J hands the server what the client sent, nulls included (it does not check @NonNull):
 * every notification with a null where a field belongs is ignored, every request answers
 * "nothing here", and an open document is left as it was.
 */
class NullParamsTest {
    private static final String URI = "file:///n.cen";
    private static final String SPEC = "spec n;\nram 1G;\ndevice d { dma_bits 32; }\n";

    private final CenLanguageServer server = new CenLanguageServer();

    /** The params as LSP4J's reader makes them from the client's JSON: nulls kept (the setters would refuse them). */
    private static <T> T sent(String json, Class<T> type) {
        return new MessageJsonHandler(Map.of()).getGson().fromJson(json, type);
    }

    private static DidChangeTextDocumentParams change(String json) {
        return sent(json, DidChangeTextDocumentParams.class);
    }

    @Test
    void notificationsWithNullsAreIgnored() {
        server.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(URI, "cen", 1, SPEC)));
        String doc = "{\"uri\": \"" + URI + "\", \"version\": 3}";
        List<Runnable> calls = List.of(
                () -> server.didOpen(null),
                () -> server.didOpen(sent("{}", DidOpenTextDocumentParams.class)),
                () -> server.didOpen(sent(
                        "{\"textDocument\": {\"uri\": \"" + URI + "\", \"version\": 2, \"text\": null}}",
                        DidOpenTextDocumentParams.class)),
                () -> server.didChange(null),
                () -> server.didChange(change("{}")),
                () -> server.didChange(change("{\"textDocument\": " + doc + ", \"contentChanges\": null}")),
                () -> server.didChange(change("{\"textDocument\": " + doc + "}")),
                () -> server.didChange(change("{\"textDocument\": " + doc + ", \"contentChanges\": [null]}")),
                () -> server.didChange(change("{\"textDocument\": " + doc + ", \"contentChanges\": [{}]}")),
                () -> server.didChange(
                        change("{\"textDocument\": {\"version\": 4}, \"contentChanges\": [{\"text\": \"x\"}]}")),
                () -> server.didChange(change("{\"textDocument\": null, \"contentChanges\": [{\"text\": \"x\"}]}")),
                () -> server.didSave(null),
                () -> server.didSave(sent("{}", DidSaveTextDocumentParams.class)),
                () -> server.didClose(null),
                () -> server.didClose(sent("{}", DidCloseTextDocumentParams.class)),
                () -> server.didClose(sent("{\"textDocument\": {}}", DidCloseTextDocumentParams.class)));
        for (Runnable call : calls) {
            assertDoesNotThrow(call::run);
        }
        assertEquals(SPEC, server.text(URI).orElseThrow(), "the open document is as it was");
    }

    @Test
    void aChangeWithoutAVersionStillUpdatesTheText() {
        server.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(URI, "cen", 1, SPEC)));
        server.didChange(change(
                "{\"textDocument\": {\"uri\": \"" + URI + "\"}, \"contentChanges\": [{\"text\": \"spec m;\\n\"}]}"));
        assertEquals("spec m;\n", server.text(URI).orElseThrow());
    }

    @Test
    void requestsWithNullsAnswerNothing() throws Exception {
        server.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(URI, "cen", 1, SPEC)));
        TextDocumentIdentifier noUri = new TextDocumentIdentifier();
        TextDocumentIdentifier doc = new TextDocumentIdentifier(URI);
        assertNull(server.hover(new HoverParams()).get(10, TimeUnit.SECONDS));
        HoverParams noPosition = new HoverParams();
        noPosition.setTextDocument(doc);
        assertNull(server.hover(noPosition).get(10, TimeUnit.SECONDS));
        assertNull(server.hover(new HoverParams(noUri, new Position(0, 0))).get(10, TimeUnit.SECONDS));
        assertTrue(server.definition(new DefinitionParams())
                .get(10, TimeUnit.SECONDS)
                .getLeft()
                .isEmpty());
        assertTrue(server.references(new ReferenceParams())
                .get(10, TimeUnit.SECONDS)
                .isEmpty());
        assertTrue(server.completion(new CompletionParams())
                .get(10, TimeUnit.SECONDS)
                .getLeft()
                .isEmpty());
        assertTrue(server.documentSymbol(new DocumentSymbolParams())
                .get(10, TimeUnit.SECONDS)
                .isEmpty());
        assertTrue(server.formatting(new DocumentFormattingParams())
                .get(10, TimeUnit.SECONDS)
                .isEmpty());
        assertTrue(server.codeAction(new CodeActionParams())
                .get(10, TimeUnit.SECONDS)
                .isEmpty());
        List<Diagnostic> withNulls = new ArrayList<>(Arrays.asList(null, new Diagnostic()));
        CodeActionParams actions = new CodeActionParams();
        actions.setTextDocument(doc);
        CodeActionContext context = new CodeActionContext();
        context.setDiagnostics(withNulls);
        actions.setContext(context);
        assertTrue(server.codeAction(actions).get(10, TimeUnit.SECONDS).isEmpty());
        actions.setContext(sent("{}", CodeActionContext.class));
        assertTrue(server.codeAction(actions).get(10, TimeUnit.SECONDS).isEmpty());
    }
}
