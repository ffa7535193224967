package org.censpec.tools.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.censpec.verify.Engine;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/**
 * Latest version wins: edits that arrive while a check runs cost one more check, of the newest
 * text, never one per edit; nothing stale is published. Counted, not timed: the check is held
 * until every edit has arrived, so the counts do not depend on the machine's speed.
 */
class DiagnosticsSchedulerTest {
    private static final String URI = "file:///s.cen";

    private final OpenDocuments docs = new OpenDocuments();
    private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
    private final List<Doc> checked = new ArrayList<>();
    private final CountDownLatch firstCheckRuns = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private List<Diagnostic> heldCheck(Doc d, Engine engine) {
        synchronized (checked) {
            checked.add(d);
        }
        firstCheckRuns.countDown();
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Position p = new Position(0, 0);
        return List.of(new Diagnostic(new Range(p, p), "text of version " + d.version() + ": " + d.text()));
    }

    private List<Integer> checkedVersions() {
        synchronized (checked) {
            return checked.stream().map(Doc::version).toList();
        }
    }

    private void edit(DiagnosticsScheduler s, int version) {
        Doc d = new Doc(URI, version, "spec s; // edit " + version + "\n");
        docs.put(d);
        s.changed(d);
    }

    private PublishDiagnosticsParams next() throws InterruptedException {
        PublishDiagnosticsParams p = published.poll(60, TimeUnit.SECONDS);
        assertTrue(p != null, "a result within 60 s");
        return p;
    }

    @Test
    void threeHundredEditsDuringACheckCostOneMoreCheckOfTheLastVersion() throws Exception {
        DiagnosticsScheduler s = new DiagnosticsScheduler(docs, published::add, this::heldCheck, Duration.ofMillis(20));
        try {
            edit(s, 1);
            assertTrue(firstCheckRuns.await(60, TimeUnit.SECONDS), "version 1 is checked");
            for (int v = 2; v <= 300; v++) {
                edit(s, v);
            }
            release.countDown();
            PublishDiagnosticsParams last = next();
            assertEquals(300, last.getVersion(), "the first result shown is the last version's");
            assertTrue(last.getDiagnostics().get(0).getMessage().contains("// edit 300"), last.toString());
            assertEquals(
                    List.of(1, 300),
                    checkedVersions(),
                    "version 1 (running when the edits came) and version 300, nothing between");
            // a save of that version: the proof runs once more, for it
            s.saved(docs.get(URI).orElseThrow());
            assertEquals(300, next().getVersion());
            assertTrue(published.isEmpty(), "version 1's result is never published: " + published);
        } finally {
            s.shutdown();
        }
    }

    @Test
    void aDocumentClosedBeforeItsCheckIsNeverCheckedAndItsDiagnosticsAreCleared() throws Exception {
        DiagnosticsScheduler s = new DiagnosticsScheduler(docs, published::add, this::heldCheck, Duration.ofMillis(20));
        try {
            edit(s, 1);
            assertTrue(firstCheckRuns.await(60, TimeUnit.SECONDS));
            edit(s, 2);
            docs.remove(URI);
            s.closed(URI);
            PublishDiagnosticsParams cleared = next();
            assertTrue(cleared.getDiagnostics().isEmpty() && cleared.getVersion() == null, cleared.toString());
            release.countDown();
            // reopened: checked again, although version and text are those checked before the close
            docs.put(new Doc(URI, 1, "spec s; // edit 1\n"));
            s.changed(docs.get(URI).orElseThrow());
            assertEquals(1, next().getVersion());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (checkedVersions().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(1, 1), checkedVersions());
        } finally {
            s.shutdown();
        }
    }
}
