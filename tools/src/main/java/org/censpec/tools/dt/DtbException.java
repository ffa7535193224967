package org.censpec.tools.dt;

/** A devicetree censpec cannot use: the message is one line and says where. */
public final class DtbException extends Exception {
    private static final long serialVersionUID = 1L;

    public DtbException(String message) {
        super(message);
    }
}
