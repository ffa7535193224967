package org.censpec.observe;

import org.censpec.model.SourceLocation;

/** A log that cannot be replayed at all (another spec's module, an unknown format): one located line. */
public final class ReplayInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReplayInputException(SourceLocation where, String message) {
        super(where + ": " + message);
    }
}
