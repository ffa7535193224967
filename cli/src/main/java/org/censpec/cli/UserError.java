package org.censpec.cli;

/** A problem the user can fix (bad path, unreadable file): one line on stderr, exit 2. */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
