package org.censpec.tools.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * LSP4J's server launcher with the client's messages read by {@link FrameProducer}: a frame or
 * body that is no message is one warning line (through {@link OneLineLog} once installed) and
 * one JSON-RPC error response with a null id (-32700, parse error, as JSON-RPC 2.0 answers input
 * it cannot read), and the server goes on answering.
 */
public final class ServerLauncher extends LSPLauncher.Builder<LanguageClient> {
    private static final Logger LOG = Logger.getLogger(ServerLauncher.class.getName());

    private MessageConsumer outgoing;
    private RemoteEndpoint endpoint;
    private MessageJsonHandler json;

    private ServerLauncher() {}

    /** A launcher serving {@code server} over {@code in} and {@code out}. */
    public static Launcher<LanguageClient> of(LanguageServer server, InputStream in, OutputStream out) {
        ServerLauncher b = new ServerLauncher();
        b.setLocalService(server);
        b.setRemoteInterface(LanguageClient.class);
        b.setInput(in);
        b.setOutput(out);
        return b.create();
    }

    @Override
    protected MessageConsumer wrapMessageConsumer(MessageConsumer consumer) {
        MessageConsumer wrapped = super.wrapMessageConsumer(consumer);
        if (consumer instanceof StreamMessageConsumer) {
            outgoing = wrapped; // what the endpoint writes to the client
        }
        return wrapped;
    }

    @Override
    protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler handler) {
        json = handler;
        endpoint = super.createRemoteEndpoint(handler);
        return endpoint;
    }

    @Override
    protected ConcurrentMessageProcessor createMessageProcessor(
            MessageProducer lsp4jReader, MessageConsumer consumer, LanguageClient proxy) {
        return super.createMessageProcessor(new FrameProducer(input, json, endpoint, this::problem), consumer, proxy);
    }

    private void problem(String what) {
        LOG.warning(what);
        ResponseMessage answer = new ResponseMessage();
        answer.setError(new ResponseError(ResponseErrorCode.ParseError, what, null));
        try {
            outgoing.consume(answer);
        } catch (RuntimeException e) {
            LOG.warning("cannot answer the client: " + e.getMessage());
        }
    }
}
