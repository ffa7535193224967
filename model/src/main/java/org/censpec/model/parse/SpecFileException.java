package org.censpec.model.parse;

/** A spec file that cannot be read at all (missing, a directory, unreadable). */
public final class SpecFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public SpecFileException(String message) {
        super(message);
    }
}
