package org.censpec.codegen.emit;

/** A template could not be loaded, compiled or rendered: a bug in censpec, never in a spec. */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
