package org.censpec.tools.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.censpec.model.Spec;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;
import org.censpec.tools.fmt.SpecFormatter;
import org.censpec.verify.budget.WorkBudget;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The censpec language server. Diagnostics come from the same checks as {@code censpec
 * check}: the direct engine on every change (debounced), the Alloy proof on save, each
 * diagnostic's {@code source} naming its engine. Checks run one at a time on a worker; a
 * result whose document version is no longer the latest is dropped, never published.
 */
public final class CenLanguageServer
        implements LanguageServer, LanguageClientAware, TextDocumentService, WorkspaceService {
    /** How long a change waits for the next one before it is checked. */
    public static final long DEBOUNCE_MS = DiagnosticsScheduler.DEBOUNCE_MS;

    private static final Pattern UNDEFINED_PROPERTY = Pattern.compile("undefined property '([A-Za-z_][A-Za-z0-9_]*)'");

    private final OpenDocuments docs = new OpenDocuments();
    private final DiagnosticsScheduler scheduler;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private volatile LanguageClient client;
    private volatile boolean shutdown;

    /** A server whose checks have the default {@link WorkBudget}. */
    public CenLanguageServer() {
        this(WorkBudget.DEFAULT);
    }

    /** A server whose every check of a document has {@code budget} ({@code censpec lsp --timeout/--max-states}). */
    public CenLanguageServer(WorkBudget budget) {
        this.scheduler = new DiagnosticsScheduler(docs, this::publish, budget);
    }

    @Override
    public void connect(LanguageClient client) {
        this.client = client;
    }

    /** Completes with the exit code when the client sends {@code exit}. */
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    // ---- lifecycle ----

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities c = new ServerCapabilities();
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Full);
        sync.setSave(new SaveOptions(false));
        c.setTextDocumentSync(sync);
        c.setHoverProvider(true);
        c.setDefinitionProvider(true);
        c.setReferencesProvider(true);
        c.setDocumentSymbolProvider(true);
        c.setDocumentFormattingProvider(true);
        c.setCodeActionProvider(true);
        c.setCompletionProvider(new CompletionOptions(false, List.of()));
        return CompletableFuture.completedFuture(
                new InitializeResult(c, new ServerInfo("censpec", org.censpec.model.CenspecVersion.VERSION)));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        scheduler.shutdown();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        exited.complete(shutdown ? 0 : 1);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return this;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return this;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {}

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {}

    // ---- documents (their checks: DiagnosticsScheduler) ----

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        var d = params == null ? null : params.getTextDocument();
        if (d == null || d.getUri() == null || d.getText() == null) {
            return; // nothing to open: LSP4J's reader has said what was wrong with the message
        }
        update(new Doc(d.getUri(), d.getVersion(), d.getText()));
    }

    /** The last full text wins (the server asks for full-text sync); a change without one is ignored. */
    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        var id = params == null ? null : params.getTextDocument();
        var changes = params == null ? null : params.getContentChanges();
        if (id == null || id.getUri() == null || changes == null || changes.isEmpty()) {
            return;
        }
        var last = changes.get(changes.size() - 1);
        if (last == null || last.getText() == null) {
            return;
        }
        int version = id.getVersion() == null ? 0 : id.getVersion();
        update(new Doc(id.getUri(), version, last.getText()));
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        uriOf(params == null ? null : params.getTextDocument()).ifPresent(uri -> {
            docs.remove(uri);
            scheduler.closed(uri);
        });
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        uriOf(params == null ? null : params.getTextDocument())
                .flatMap(docs::get)
                .ifPresent(scheduler::saved);
    }

    private static Optional<String> uriOf(TextDocumentIdentifier id) {
        return Optional.ofNullable(id).map(TextDocumentIdentifier::getUri);
    }

    /** The text the server holds for {@code uri}. */
    Optional<String> text(String uri) {
        return docs.get(uri).map(Doc::text);
    }

    private void update(Doc d) {
        docs.put(d);
        scheduler.changed(d);
    }

    private void publish(PublishDiagnosticsParams diagnostics) {
        LanguageClient c = client;
        if (c != null) {
            c.publishDiagnostics(diagnostics);
        }
    }

    /** The spec's file name for locations and includes: the path of a file: URI, else the URI. */
    static String fileOf(String uri) {
        return Doc.fileOf(uri);
    }

    // ---- features ----

    private Optional<Doc> doc(String uri) {
        return uri == null ? Optional.empty() : docs.get(uri).filter(d -> !d.tooLarge());
    }

    /** The document of a request, when it names an open one that is not too large; empty for any null. */
    private Optional<Doc> doc(TextDocumentIdentifier id) {
        return uriOf(id).flatMap(this::doc);
    }

    /** The document and position of a request, both present. */
    private Optional<Doc> docAt(TextDocumentPositionParams p) {
        return p == null || p.getPosition() == null ? Optional.empty() : doc(p.getTextDocument());
    }

    private static Optional<Spec> model(Doc d) {
        ParseResult r = new SpecReader().parse(fileOf(d.uri()), d.text());
        return r.spec();
    }

    private static Range range(NameIndex.Occurrence o) {
        return new Range(new Position(o.line(), o.column()), new Position(o.line(), o.column() + o.length()));
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return CompletableFuture.supplyAsync(() -> docAt(params)
                .flatMap(d -> {
                    Position p = params.getPosition();
                    Optional<NameIndex.Occurrence> o = new NameIndex(d.text()).at(p.getLine(), p.getCharacter());
                    if (o.isEmpty()) {
                        return Optional.empty();
                    }
                    return model(d).flatMap(s -> Hovers.of(s, o.get())).map(text -> {
                        Hover h = new Hover(new MarkupContent(MarkupKind.MARKDOWN, text));
                        h.setRange(range(o.get()));
                        return h;
                    });
                })
                .orElse(null));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        return CompletableFuture.supplyAsync(() -> {
            List<Location> out = new ArrayList<>();
            docAt(params).ifPresent(d -> {
                String uri = d.uri();
                NameIndex index = new NameIndex(d.text());
                Position p = params.getPosition();
                index.at(p.getLine(), p.getCharacter())
                        .ifPresent(o -> index.declarationsOf(o).forEach(x -> out.add(new Location(uri, range(x)))));
            });
            return Either.forLeft(out);
        });
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        return CompletableFuture.supplyAsync(() -> {
            List<Location> out = new ArrayList<>();
            docAt(params).ifPresent(d -> {
                String uri = d.uri();
                NameIndex index = new NameIndex(d.text());
                Position p = params.getPosition();
                boolean withDecl =
                        params.getContext() == null || params.getContext().isIncludeDeclaration();
                index.at(p.getLine(), p.getCharacter())
                        .ifPresent(o -> index.referencesOf(o).stream()
                                .filter(x -> withDecl || !x.declaration())
                                .forEach(x -> out.add(new Location(uri, range(x)))));
            });
            return out;
        });
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        return CompletableFuture.supplyAsync(() -> Either.forLeft(docAt(params)
                .map(d -> Completions.at(
                        d.text(),
                        params.getPosition().getLine(),
                        params.getPosition().getCharacter()))
                .orElse(List.of())));
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
            DocumentSymbolParams params) {
        return CompletableFuture.supplyAsync(() -> {
            List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
            doc(params == null ? null : params.getTextDocument()).ifPresent(d -> {
                DocumentSymbol flow = null;
                for (NameIndex.Occurrence o : new NameIndex(d.text()).all()) {
                    if (!o.declaration() || o.kind() == NameIndex.Kind.LABEL) {
                        continue;
                    }
                    Range full = new Range(new Position(o.line(), 0), new Position(o.endLine(), o.endColumn()));
                    SymbolKind kind = switch (o.kind()) {
                        case DEVICE -> SymbolKind.Class;
                        case ALLOCATOR -> SymbolKind.Module;
                        case PROPERTY -> SymbolKind.Property;
                        case SHARE -> SymbolKind.Struct;
                        case FLOW -> SymbolKind.Function;
                        case ACTOR -> SymbolKind.Method;
                        default -> SymbolKind.Namespace;
                    };
                    DocumentSymbol s = new DocumentSymbol(
                            o.name(), kind, full, range(o), o.kind().name().toLowerCase(java.util.Locale.ROOT));
                    if (o.kind() == NameIndex.Kind.ACTOR && flow != null) {
                        flow.getChildren().add(s);
                        continue;
                    }
                    if (o.kind() == NameIndex.Kind.FLOW) {
                        s.setChildren(new ArrayList<>());
                        flow = s;
                    }
                    out.add(Either.forRight(s));
                }
            });
            return out;
        });
    }

    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
        return CompletableFuture.supplyAsync(() -> {
            Optional<Doc> d = doc(params == null ? null : params.getTextDocument());
            if (d.isEmpty()) {
                return List.of();
            }
            ParseResult parsed =
                    new SpecReader().parse(fileOf(d.get().uri()), d.get().text());
            if (parsed.findings().stream().anyMatch(f -> f.id().equals("spec.syntax"))) {
                return List.of(); // only text that parses is formatted
            }
            String formatted = SpecFormatter.format(d.get().text());
            if (formatted.equals(d.get().text())) {
                return List.of();
            }
            String[] lines = d.get().text().split("\n", -1);
            Range all = new Range(new Position(0, 0), new Position(lines.length - 1, lines[lines.length - 1].length()));
            return List.of(new TextEdit(all, formatted));
        });
    }

    /** Quick fixes: one per fix a finding offers (QuickFixes); an undefined property gets a `property NAME;` declaration. */
    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        return CompletableFuture.supplyAsync(() -> {
            List<Either<Command, CodeAction>> out = new ArrayList<>();
            Optional<Doc> d = doc(params == null ? null : params.getTextDocument());
            if (d.isEmpty()
                    || params.getContext() == null
                    || params.getContext().getDiagnostics() == null) {
                return out;
            }
            String uri = d.get().uri();
            List<Diagnostic> diagnostics = params.getContext().getDiagnostics().stream()
                    .filter(x -> x != null && x.getMessage() != null)
                    .toList();
            QuickFixes.actions(uri, d.get().text(), diagnostics).forEach(a -> out.add(Either.forRight(a)));
            for (Diagnostic diag : diagnostics) {
                String code = diag.getCode() == null
                        ? ""
                        : diag.getCode().isLeft() ? diag.getCode().getLeft() : "";
                Matcher m = UNDEFINED_PROPERTY.matcher(diag.getMessage());
                if (!code.equals("spec.undefined") || !m.find()) {
                    continue;
                }
                int line = insertionLine(d.get().text());
                TextEdit edit = new TextEdit(
                        new Range(new Position(line, 0), new Position(line, 0)), "property " + m.group(1) + ";\n");
                CodeAction fix = new CodeAction("Declare property " + m.group(1));
                fix.setKind(CodeActionKind.QuickFix);
                fix.setDiagnostics(List.of(diag));
                fix.setEdit(new WorkspaceEdit(Map.of(uri, List.of(edit))));
                out.add(Either.forRight(fix));
            }
            return out;
        });
    }

    /** The line after the last property declaration, else after the spec line. */
    private static int insertionLine(String text) {
        int after = 0;
        int specLine = -1;
        for (NameIndex.Occurrence o : new NameIndex(text).all()) {
            if (o.declaration() && o.kind() == NameIndex.Kind.PROPERTY) {
                after = Math.max(after, o.line() + 1);
            } else if (o.declaration() && o.kind() == NameIndex.Kind.SPEC) {
                specLine = o.line();
            }
        }
        return after > 0 ? after : specLine + 1;
    }
}
