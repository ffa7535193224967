package org.censpec.tools.lsp;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The language server's {@code java.util.logging}, taken over: LSP4J logs what it meets (a message
 * that does not parse, a handler that threw) at WARNING or SEVERE, by default with a stack trace
 * over many lines. Here every record of level WARNING or above is one line on stderr, {@code
 * censpec lsp: } and the message (control characters escaped, at most {@link #MAX} characters, a
 * thrown exception as its class and message only); finer records are dropped.
 */
public final class OneLineLog extends Handler {
    /** The longest line written (LSP4J quotes whole messages, a 10 MB document included). */
    public static final int MAX = 240;

    private final PrintStream err;

    private OneLineLog(PrintStream err) {
        this.err = err;
        setLevel(Level.WARNING);
    }

    /** Replaces every handler of the root logger with one line per record on {@code err}. */
    public static void install(PrintStream err) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        root.addHandler(new OneLineLog(err));
    }

    @Override
    public void publish(LogRecord r) {
        if (r == null || !isLoggable(r)) {
            return;
        }
        err.println(line(r));
    }

    /** One record as the line written: level, message, and the exception's class and message. */
    static String line(LogRecord r) {
        String message = r.getMessage() == null ? "" : r.getMessage();
        if (r.getParameters() != null && r.getParameters().length > 0) {
            try {
                message = java.text.MessageFormat.format(message, r.getParameters());
            } catch (IllegalArgumentException e) {
                // a message that is no pattern: as it is
            }
        }
        Throwable t = r.getThrown();
        String cause = t == null ? "" : ": " + t.getClass().getSimpleName() + ": " + t.getMessage();
        String level = r.getLevel().intValue() >= Level.SEVERE.intValue() ? "error" : "warning";
        return "censpec lsp: " + level + ": " + printable(message + cause, MAX);
    }

    /** {@code s} on one line: control characters as {@code \\uXXXX}, cut at {@code max} characters. */
    static String printable(String s, int max) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < s.length()) {
            out.append("...");
        }
        return out.toString();
    }

    @Override
    public void flush() {
        err.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
