package org.censpec.tools.lsp;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.censpec.verify.Engine;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * When documents are checked and what is published: the direct engine after each change
 * (debounced), the Alloy proof on save, one check at a time; a result whose document version
 * is no longer the latest is dropped, never published.
 */
final class DiagnosticsScheduler {
    /** How long a change waits for the next one before it is checked. */
    static final long DEBOUNCE_MS = 120;

    private final OpenDocuments docs;
    private final Consumer<PublishDiagnosticsParams> publisher;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "censpec-check");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean shutdown;

    DiagnosticsScheduler(OpenDocuments docs, Consumer<PublishDiagnosticsParams> publisher) {
        this.docs = docs;
        this.publisher = publisher;
    }

    void changed(Doc d) {
        schedule(d, Engine.DIRECT, DEBOUNCE_MS);
    }

    void saved(Doc d) {
        schedule(d, Engine.ALLOY, 0);
    }

    /** Clears the diagnostics of a closed document. */
    void closed(String uri) {
        publisher.accept(new PublishDiagnosticsParams(uri, List.of(), null));
    }

    void shutdown() {
        shutdown = true;
        checks.shutdownNow();
    }

    private void schedule(Doc d, Engine engine, long debounceMs) {
        if (shutdown) {
            return;
        }
        try {
            checks.submit(() -> {
                try {
                    if (debounceMs > 0) {
                        Thread.sleep(debounceMs);
                    }
                    if (!docs.isLatest(d)) {
                        return; // a newer version is on its way
                    }
                    List<Diagnostic> diagnostics = Diagnostics.of(d, engine);
                    if (docs.isLatest(d)) {
                        publisher.accept(new PublishDiagnosticsParams(d.uri(), diagnostics, d.version()));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    if (docs.isLatest(d)) {
                        publisher.accept(new PublishDiagnosticsParams(
                                d.uri(), List.of(Diagnostics.internalError(e)), d.version()));
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }
}
