package org.censpec.tools.lsp;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageIssueHandler;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;

/**
 * Reads the client's messages for LSP4J in place of its stream reader, which stops answering
 * for good after a body sent without a header (the next header is read as part of a garbage
 * line) and runs out of memory on a large {@code Content-Length}. Frames come from {@link
 * FrameReader}; a body that is no JSON-RPC message is one problem (reported and answered by the
 * caller's consumer), a request with bad parameters is answered by LSP4J's issue handler, and
 * reading goes on with the next message in every case.
 */
final class FrameProducer implements MessageProducer, Closeable {
    private static final Logger LOG = Logger.getLogger(FrameProducer.class.getName());

    private final InputStream in;
    private final FrameReader frames;
    private final MessageJsonHandler json;
    private final MessageIssueHandler issues;
    private final Consumer<String> problems;
    private volatile boolean closed;

    FrameProducer(InputStream in, MessageJsonHandler json, MessageIssueHandler issues, Consumer<String> problems) {
        this.in = in;
        this.frames = new FrameReader(in, problems);
        this.json = json;
        this.issues = issues;
        this.problems = problems;
    }

    @Override
    public void listen(MessageConsumer callback) {
        try {
            for (byte[] body = frames.next(); body != null && !closed; body = frames.next()) {
                deliver(body, callback);
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "reading the client's messages failed; stopping", e);
            }
        }
    }

    private void deliver(byte[] body, MessageConsumer callback) {
        Message message;
        try {
            message = json.parseMessage(new String(body, StandardCharsets.UTF_8));
        } catch (MessageIssueException e) {
            issues.handle(e.getRpcMessage(), e.getIssues());
            return;
        } catch (RuntimeException e) {
            notAMessage(body, reason(e));
            return;
        }
        if (message == null) {
            notAMessage(body, "empty");
            return;
        }
        try {
            callback.consume(message);
        } catch (MessageIssueException e) {
            issues.handle(e.getRpcMessage(), e.getIssues());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a message could not be handled", e);
        }
    }

    /** What the JSON reader said, without the exception classes it wraps or the help lines Gson adds. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("");
    }

    private void notAMessage(byte[] body, String why) {
        if (frames.resync(body)) {
            problems.accept("a message that does not parse holds the header of another (a Content-Length larger"
                    + " than its message): reading again from that header");
        } else {
            problems.accept("a message that is no JSON-RPC message: " + OneLineLog.printable(String.valueOf(why), 80));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
