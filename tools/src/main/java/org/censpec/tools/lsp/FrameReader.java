package org.censpec.tools.lsp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The LSP base protocol's framing (header lines, an empty line, a body of {@code Content-Length}
 * bytes) read from a stream that may carry anything. Bytes that are no header are skipped up to
 * the next {@code Content-Length} header, also one glued to the end of garbage (a body sent
 * without a header, a message that was shorter than its length); a message whose length is no
 * number or over {@link #MAX_BODY} is skipped the same way, its body never waited for nor held. A body that
 * does not parse may be handed back ({@link #resync}) when a header starts inside it (a length
 * larger than its message swallowed the next one). Each problem is one call of the problem
 * consumer with one line, never an exception; reading resumes at the next header.
 */
final class FrameReader {
    /** Larger than any spec the server looks at (4 MiB, as UTF-16 JSON with escapes) with room to spare. */
    static final int MAX_BODY = 64 << 20;

    /** Header lines are short; of a longer line only its last bytes are kept (a header glued to garbage). */
    static final int MAX_LINE = 1024;

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9-]+:.*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    /** One header line: its last {@link #MAX_LINE} bytes (without the line end) and how many came before them. */
    private record Line(byte[] kept, long dropped) {
        long size() {
            return dropped + kept.length;
        }
    }

    /** What the header lines of one message said so far. */
    private static final class Headers {
        long length = -1;
        long skipped;
        String refused;
        boolean quiet;
    }

    private final InputStream in;
    private final Consumer<String> problems;
    private byte[] pushback = new byte[0];
    private int pushbackAt;

    FrameReader(InputStream in, Consumer<String> problems) {
        this.in = new BufferedInputStream(in);
        this.problems = problems;
    }

    /** The next message's body, or null at the end of the input. */
    byte[] next() throws IOException {
        Headers h = new Headers();
        for (Line line = readLine(); line != null; line = readLine()) {
            if (line.dropped() > 0 || line.kept().length > 0) {
                header(line, h);
                continue;
            }
            if (h.length >= 0 && h.length <= MAX_BODY) {
                reportSkipped(h);
                return body((int) h.length);
            }
            reportSkipped(h);
            boolean refused = h.refused != null || h.length > MAX_BODY;
            if (h.length > MAX_BODY) {
                problems.accept("a message of " + h.length + " bytes is over the limit of " + MAX_BODY
                        + " bytes: skipped up to the next header");
            } else if (refused) {
                problems.accept(h.refused);
            }
            h = new Headers();
            h.quiet = refused; // the refused message's body, never waited for: said already
        }
        reportSkipped(h);
        return null;
    }

    /**
     * Reads again from the first {@code Content-Length} header inside {@code body} (a body that did
     * not parse because its length swallowed the messages after it); false when it holds none.
     */
    boolean resync(byte[] body) {
        int at = indexOf(body, 0, body.length);
        if (at < 0) {
            return false;
        }
        byte[] rest = Arrays.copyOfRange(body, at, body.length);
        byte[] left = Arrays.copyOfRange(pushback, pushbackAt, pushback.length);
        pushback = new byte[rest.length + left.length];
        System.arraycopy(rest, 0, pushback, 0, rest.length);
        System.arraycopy(left, 0, pushback, rest.length, left.length);
        pushbackAt = 0;
        return true;
    }

    private void header(Line line, Headers h) {
        byte[] b = line.kept();
        int at = lastIndexOf(b); // the last: garbage may end in a header's start ("Content-Length: 1")
        if (at < 0) {
            boolean field = line.dropped() == 0 && FIELD.matcher(ascii(b, 0)).matches();
            if (!field) {
                h.skipped += line.size();
            }
            return;
        }
        h.skipped += line.dropped() + at;
        String value = ascii(b, at + CONTENT_LENGTH.length).strip();
        if (DIGITS.matcher(value).matches()) {
            h.length = Long.parseLong(value);
            h.refused = null;
        } else {
            h.length = -1;
            h.refused = "a Content-Length that is no number (" + OneLineLog.printable(value, 40) + "): message skipped";
        }
    }

    private void reportSkipped(Headers h) {
        if (h.skipped > 0 && !h.quiet) {
            problems.accept(h.skipped + " bytes that are no LSP header skipped (every message starts with"
                    + " Content-Length: N and an empty line)");
            h.skipped = 0;
        }
    }

    /** The next line, without its LF (and a CR before it); null at the end of the input. */
    private Line readLine() throws IOException {
        byte[] buf = new byte[2 * MAX_LINE];
        int n = 0;
        long dropped = 0;
        int b = read();
        if (b < 0) {
            return null;
        }
        for (; b >= 0 && b != '\n'; b = read()) {
            if (n == buf.length) {
                System.arraycopy(buf, MAX_LINE, buf, 0, MAX_LINE);
                n = MAX_LINE;
                dropped += MAX_LINE;
            }
            buf[n++] = (byte) b;
        }
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        return new Line(Arrays.copyOf(buf, n), dropped);
    }

    private byte[] body(int length) throws IOException {
        byte[] out = new byte[length];
        int n = 0;
        while (n < length && pushbackAt < pushback.length) {
            out[n++] = pushback[pushbackAt++];
        }
        while (n < length) {
            int r = in.read(out, n, length - n);
            if (r < 0) {
                problems.accept("the input ended inside a message of " + length + " bytes");
                return null;
            }
            n += r;
        }
        return out;
    }

    private int read() throws IOException {
        if (pushbackAt < pushback.length) {
            return pushback[pushbackAt++] & 0xff;
        }
        return in.read();
    }

    /** The first {@code content-length:} (any case) in {@code b[from, to)}, or -1. */
    private static int indexOf(byte[] b, int from, int to) {
        outer:
        for (int i = from; i + CONTENT_LENGTH.length <= to; i++) {
            for (int j = 0; j < CONTENT_LENGTH.length; j++) {
                int c = b[i + j];
                if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != CONTENT_LENGTH[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b) {
        int last = -1;
        for (int at = indexOf(b, 0, b.length); at >= 0; at = indexOf(b, at + 1, b.length)) {
            last = at;
        }
        return last;
    }

    private static String ascii(byte[] b, int from) {
        return new String(b, from, b.length - from, StandardCharsets.ISO_8859_1);
    }
}
