package org.censpec.tools.lsp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.censpec.verify.Engine;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * When documents are checked and what is published. A change restarts its document's debounce
 * timer; when the timer runs out, the document as it is then (the latest version) is queued for
 * the direct engine, so a burst of edits costs one check, never one per edit. A save queues the
 * Alloy proof at once. Checks run one at a time; a queued check whose document changed since is
 * dropped before it starts, a version already checked by that engine is not checked again, and
 * a result whose version is no longer the latest is dropped, never published.
 */
final class DiagnosticsScheduler {
    /** How long a change waits for the next one before it is checked. */
    static final long DEBOUNCE_MS = 120;

    private final OpenDocuments docs;
    private final Consumer<PublishDiagnosticsParams> publisher;
    private final BiFunction<Doc, Engine, List<Diagnostic>> checker;
    private final Duration debounce;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(daemon("censpec-check"));
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(daemon("censpec-debounce"));
    private final Map<String, ScheduledFuture<?>> waiting = new ConcurrentHashMap<>();
    /** Per engine and document, the version last checked (only the check thread writes it). */
    private final Map<String, Doc> lastChecked = new ConcurrentHashMap<>();

    private volatile boolean shutdown;

    DiagnosticsScheduler(
            OpenDocuments docs,
            Consumer<PublishDiagnosticsParams> publisher,
            org.censpec.verify.budget.WorkBudget budget) {
        this(docs, publisher, (d, engine) -> Diagnostics.of(d, engine, budget), Duration.ofMillis(DEBOUNCE_MS));
    }

    /** With another check (tests count and hold checks) and debounce. */
    DiagnosticsScheduler(
            OpenDocuments docs,
            Consumer<PublishDiagnosticsParams> publisher,
            BiFunction<Doc, Engine, List<Diagnostic>> checker,
            Duration debounce) {
        this.docs = docs;
        this.publisher = publisher;
        this.checker = checker;
        this.debounce = debounce;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** {@code d} is the document's latest version: check it once the edits pause. */
    void changed(Doc d) {
        if (shutdown) {
            return;
        }
        waiting.compute(d.uri(), (uri, previous) -> {
            if (previous != null) {
                previous.cancel(false);
            }
            try {
                return timers.schedule(() -> queueLatest(uri), debounce.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                return null; // shutting down
            }
        });
    }

    void saved(Doc d) {
        queue(d, Engine.ALLOY);
    }

    /** Clears the diagnostics of a closed document. */
    void closed(String uri) {
        ScheduledFuture<?> timer = waiting.remove(uri);
        if (timer != null) {
            timer.cancel(false);
        }
        for (Engine e : Engine.values()) {
            lastChecked.remove(e + " " + uri);
        }
        publisher.accept(new PublishDiagnosticsParams(uri, List.of(), null));
    }

    void shutdown() {
        shutdown = true;
        timers.shutdownNow();
        checks.shutdownNow();
    }

    private void queueLatest(String uri) {
        docs.get(uri).ifPresent(d -> queue(d, Engine.DIRECT));
    }

    private void queue(Doc d, Engine engine) {
        if (shutdown) {
            return;
        }
        try {
            checks.submit(() -> check(d, engine));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void check(Doc d, Engine engine) {
        String key = engine + " " + d.uri();
        if (!docs.isLatest(d) || d.equals(lastChecked.get(key))) {
            return; // a newer version is queued, or this one was checked already
        }
        lastChecked.put(key, d);
        List<Diagnostic> diagnostics;
        try {
            diagnostics = checker.apply(d, engine);
        } catch (RuntimeException e) {
            diagnostics = List.of(Diagnostics.internalError(e));
        }
        if (docs.isLatest(d)) {
            publisher.accept(new PublishDiagnosticsParams(d.uri(), diagnostics, d.version()));
        }
    }
}
