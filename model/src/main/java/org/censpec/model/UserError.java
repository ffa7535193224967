package org.censpec.model;

/** A problem the user can fix (bad path, unreadable file, bad option value): one line on stderr, exit 2. */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
