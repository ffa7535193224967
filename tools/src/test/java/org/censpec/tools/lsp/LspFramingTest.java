package org.censpec.tools.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's reading of the client's stream, through the real launcher in-process: after
 * anything a hostile or broken client sends (a body without a header, a header that is no number,
 * a length over the limit, larger or smaller than its message, a header glued to garbage, JSON
 * that is no message, bad parameters) the next requests are answered, every problem is answered
 * with one JSON-RPC error (id null, -32700) and logged as one line, never a stack trace.
 */
class LspFramingTest {
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    @BeforeAll
    @BeforeContainer
    static void oneLineLog() {
        OneLineLog.install(new PrintStream(LOG, true, StandardCharsets.UTF_8));
    }

    static byte[] frame(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return concat(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), b);
    }

    /** {@code shutdown}: a request the server answers at once, with a null result. */
    static byte[] request(int id) {
        return frame("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"shutdown\"}");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Serves {@code input} to its end and returns every message the server wrote, each checked to be framed. */
    static List<JsonObject> serve(byte[] input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var launcher = ServerLauncher.of(new CenLanguageServer(), new ByteArrayInputStream(input), out);
        launcher.startListening().get(60, TimeUnit.SECONDS);
        return frames(out.toByteArray());
    }

    private static List<JsonObject> frames(byte[] out) {
        List<JsonObject> messages = new ArrayList<>();
        String ascii = new String(out, StandardCharsets.ISO_8859_1); // one char per byte
        int at = 0;
        while (at < ascii.length()) {
            assertTrue(ascii.startsWith("Content-Length: ", at), "a framed message at " + at + ": " + ascii);
            int end = ascii.indexOf("\r\n\r\n", at);
            int length = Integer.parseInt(ascii.substring(at + 16, end));
            String body = new String(out, end + 4, length, StandardCharsets.UTF_8);
            messages.add(JsonParser.parseString(body).getAsJsonObject());
            at = end + 4 + length;
        }
        return messages;
    }

    private static boolean answered(List<JsonObject> messages, int id) {
        return messages.stream()
                .anyMatch(m ->
                        m.has("id") && !m.get("id").isJsonNull() && m.get("id").getAsInt() == id && m.has("result"));
    }

    private static long parseErrors(List<JsonObject> messages) {
        return messages.stream()
                .filter(m -> m.has("id") && m.get("id").isJsonNull())
                .filter(m -> m.getAsJsonObject("error").get("code").getAsInt() == -32700)
                .count();
    }

    private static void assertAnsweredAfter(String what, byte[] bad, int problems) throws Exception {
        LOG.reset();
        List<JsonObject> got = serve(concat(request(1), bad, request(2), request(3)));
        assertTrue(answered(got, 1) && answered(got, 2) && answered(got, 3), what + ": " + got);
        assertEquals(problems, parseErrors(got), what + ": one error answer per problem: " + got);
        String log = LOG.toString(StandardCharsets.UTF_8);
        assertEquals(problems, log.lines().count(), what + ": one line per problem: " + log);
        assertTrue(log.lines().allMatch(l -> l.startsWith("censpec lsp: warning: ") && l.length() < 300), log);
    }

    @Test
    void everyMalformedFrameIsOneErrorAndTheNextRequestsAreAnswered() throws Exception {
        assertAnsweredAfter("a body without a header", ascii("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"x\"}"), 1);
        assertAnsweredAfter("a body that is no JSON", frame("{this is not json"), 1);
        assertAnsweredAfter("JSON that is no message", frame("[1, 2, 3]"), 1);
        assertAnsweredAfter("an empty body", frame(""), 1);
        assertAnsweredAfter("a length that is no number", ascii("Content-Length: abc\r\n\r\n{\"a\": 1}"), 1);
        assertAnsweredAfter("a negative length", ascii("Content-Length: -5\r\n\r\n{\"a\": 1}"), 1);
        assertAnsweredAfter(
                "a length over the limit, never waited for", ascii("Content-Length: 99999999999\r\n\r\n{}"), 1);
        assertAnsweredAfter("a header glued to garbage", ascii("garbage Content-Length: 1"), 1);
        assertAnsweredAfter("headers without a length", ascii("Content-Type: text/plain\r\n\r\n"), 0);
        assertAnsweredAfter("a line of 100 000 bytes", ascii("x".repeat(100_000) + "\n"), 1);
        assertAnsweredAfter("a length shorter than its message", ascii("Content-Length: 3\r\n\r\n{\"a\": 1}"), 2);
    }

    @Test
    void aLengthLargerThanItsMessageIsCompletedByTheNextOnesWhichAreThenReadAgain() throws Exception {
        // the 200 bytes claimed take this body and most of the requests after it: once they arrive,
        // the server reads again from the first header inside and answers every request
        LOG.reset();
        List<JsonObject> got =
                serve(concat(ascii("Content-Length: 200\r\n\r\n{\"a\""), request(1), request(2), request(3)));
        assertTrue(answered(got, 1) && answered(got, 2) && answered(got, 3), got.toString());
        assertEquals(1, parseErrors(got), got.toString());
    }

    @Test
    void badParametersAreAnErrorForThatRequestAlone() throws Exception {
        LOG.reset();
        byte[] badHover = frame("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/hover\","
                + "\"params\":{\"textDocument\": 5}}");
        List<JsonObject> got = serve(concat(badHover, request(8)));
        JsonObject hover = got.stream()
                .filter(m ->
                        m.has("id") && !m.get("id").isJsonNull() && m.get("id").getAsInt() == 7)
                .findFirst()
                .orElseThrow();
        assertTrue(hover.has("error"), hover.toString());
        assertTrue(answered(got, 8), got.toString());
        assertTrue(LOG.toString(StandardCharsets.UTF_8).lines().noneMatch(l -> l.startsWith("\tat ")));
    }

    /** Pieces a broken client or a fuzzer sends: header parts, line ends, JSON parts, binary. */
    @Provide
    Arbitrary<List<String>> garbage() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(
                        "Content-Length: ",
                        "content-length:",
                        "Content-Type: application/json\r\n",
                        "\r\n",
                        "\n",
                        "\r",
                        "\r\n\r\n",
                        "{",
                        "}",
                        "\"jsonrpc\":\"2.0\"",
                        "\"id\":",
                        ":",
                        "\u0000",
                        "\u00ff\u00fe"),
                Arbitraries.integers().between(0, 99).map(String::valueOf),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(30));
        return piece.list().ofMaxSize(12);
    }

    /**
     * Whatever comes first, the client's requests are answered once the stream has carried more
     * than any length the garbage claimed: pieces glue into lengths of any size ("2" then "10" is
     * 210), so the garbage is followed by as many blanks as its largest number within the limit,
     * and then the last of three requests always is answered.
     */
    @Property(tries = 150)
    void afterAnyGarbageTheServerAnswersAgain(@ForAll("garbage") List<String> pieces) throws Exception {
        LOG.reset();
        byte[] bad = ascii(String.join("", pieces));
        byte[] blanks = ascii(" ".repeat(largestClaim(String.join("", pieces))));
        List<JsonObject> got = serve(concat(bad, blanks, request(1), request(2), request(3)));
        assertTrue(answered(got, 3), "after " + pieces + ": " + got);
        String log = LOG.toString(StandardCharsets.UTF_8);
        assertTrue(log.lines().allMatch(l -> l.startsWith("censpec lsp: ") && l.length() < 300), log);
    }

    /** CI's sample: pieces that glue into a length (210) longer than the requests after them. */
    @Test
    void gluedLengthIsWaitedForThenTheRequestsAreAnswered() throws Exception {
        afterAnyGarbageTheServerAnswersAgain(List.of("Content-Length: ", "2", "10", "\n\n"));
    }

    /** The largest run of digits in {@code s} that is a length the reader would wait for, else 0. */
    static int largestClaim(String s) {
        BigInteger limit = BigInteger.valueOf(FrameReader.MAX_BODY);
        return Pattern.compile("[0-9]+")
                .matcher(s)
                .results()
                .map(m -> new BigInteger(m.group()))
                .filter(n -> n.compareTo(limit) <= 0)
                .mapToInt(BigInteger::intValueExact)
                .max()
                .orElse(0);
    }
}
