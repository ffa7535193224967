package org.censpec.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.censpec.model.UserError;
import org.censpec.model.io.IoReason;

/**
 * The one line censpec prints for a run that failed without a finding: the user's
 * environment (disk full, permission denied, read-only file system) is named as such,
 * exhausted memory or stack as a resource limit, and only what remains is an internal
 * error. Every such run exits with {@link ExitCode#USAGE}, never with the exit code of
 * findings.
 */
final class Failure {
    private Failure() {}

    /** The line after {@code censpec: } for a throwable that escaped a command. */
    static String describe(Throwable t) {
        if (t instanceof UserError) {
            return t.getMessage();
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (Java heap limit " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB): the spec asks for more work than fits; split its flows or raise the limit, "
                    + "e.g. CENSPEC_JAVA_OPTS=-Xmx8g";
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow: the spec nests deeper than the thread stack allows; raise it, "
                    + "e.g. CENSPEC_JAVA_OPTS=-Xss64m, and please report the spec";
        }
        IOException io = io(t);
        if (io != null) {
            return environment(io);
        }
        return "internal error: " + t;
    }

    /** Whether {@link #describe} names the failure as something other than an internal error. */
    static boolean explained(Throwable t) {
        return t instanceof UserError || t instanceof VirtualMachineError || io(t) != null;
    }

    /** "PATH: reason" for a file-system error, in the words of the operating system. */
    static String environment(IOException e) {
        if (e instanceof FileSystemException fs
                && fs.getFile() != null
                && !fs.getFile().isEmpty()) {
            String other = fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "";
            return "cannot write " + fs.getFile() + other + ": " + IoReason.of(e);
        }
        return "i/o error: " + IoReason.of(e);
    }

    private static IOException io(Throwable t) {
        if (t instanceof UncheckedIOException u) {
            return u.getCause();
        }
        return t instanceof IOException e ? e : null;
    }
}
