package org.censpec.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A minimal LSP client for tests: starts {@code censpec lsp} as a process and speaks
 * JSON-RPC with Content-Length framing over its stdin and stdout.
 */
final class LspClient implements AutoCloseable {
    final Process process;
    private final OutputStream in;
    private final List<JsonObject> received = new ArrayList<>();
    private final Thread reader;
    private int nextId = 1;

    LspClient() throws IOException {
        this(ProcessBuilder.Redirect.DISCARD);
    }

    /** A server whose stderr goes to {@code stderr}. */
    LspClient(ProcessBuilder.Redirect stderr) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(
                        java,
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.censpec.cli.Main",
                        "lsp")
                .redirectError(stderr)
                .start();
        in = process.getOutputStream();
        InputStream out = process.getInputStream();
        reader = new Thread(
                () -> {
                    try {
                        while (true) {
                            JsonObject m = readMessage(out);
                            if (m == null) {
                                return;
                            }
                            synchronized (received) {
                                received.add(m);
                                received.notifyAll();
                            }
                        }
                    } catch (IOException e) {
                        // process gone
                    }
                },
                "lsp-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static JsonObject readMessage(InputStream s) throws IOException {
        int length = -1;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = s.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                String l = line.toString(StandardCharsets.US_ASCII).strip();
                line.reset();
                if (l.isEmpty()) {
                    break;
                }
                if (l.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).strip());
                }
            } else {
                line.write(b);
            }
        }
        byte[] body = s.readNBytes(length);
        return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    void sendRaw(String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        in.write(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        in.write(b);
        in.flush();
    }

    void notify(String method, JsonElement params) throws IOException {
        JsonObject m = new JsonObject();
        m.addProperty("jsonrpc", "2.0");
        m.addProperty("method", method);
        m.add("params", params);
        sendRaw(m.toString());
    }

    /** Sends a request and waits for its response (result or error). */
    JsonObject request(String method, JsonElement params) throws Exception {
        int id = nextId++;
        JsonObject m = new JsonObject();
        m.addProperty("jsonrpc", "2.0");
        m.addProperty("id", id);
        m.addProperty("method", method);
        if (params != null) {
            m.add("params", params);
        }
        sendRaw(m.toString());
        return await(
                r -> r.has("id")
                        && !r.has("method")
                        && !r.get("id").isJsonNull()
                        && r.get("id").getAsInt() == id,
                60);
    }

    /** The first message received (ever) matching, waiting up to {@code seconds}. */
    JsonObject await(Predicate<JsonObject> match, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (received) {
            while (true) {
                for (JsonObject m : received) {
                    if (match.test(m)) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching message within " + seconds + " s; got " + received);
                }
                received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Every message received so far, in order. */
    List<JsonObject> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Every publishDiagnostics received so far for {@code uri}, in order. */
    List<JsonObject> diagnostics(String uri) {
        List<JsonObject> out = new ArrayList<>();
        synchronized (received) {
            for (JsonObject m : received) {
                if (m.has("method")
                        && m.get("method").getAsString().equals("textDocument/publishDiagnostics")
                        && m.getAsJsonObject("params").get("uri").getAsString().equals(uri)) {
                    out.add(m.getAsJsonObject("params"));
                }
            }
        }
        return out;
    }

    /** Waits for a publishDiagnostics for {@code uri} at {@code version} and returns its params. */
    JsonObject diagnosticsAt(String uri, int version, int seconds) throws InterruptedException {
        return await(
                        m -> m.has("method")
                                && m.get("method").getAsString().equals("textDocument/publishDiagnostics")
                                && m.getAsJsonObject("params")
                                        .get("uri")
                                        .getAsString()
                                        .equals(uri)
                                && m.getAsJsonObject("params").has("version")
                                && m.getAsJsonObject("params").get("version").getAsInt() == version,
                        seconds)
                .getAsJsonObject("params");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
