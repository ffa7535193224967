package org.censpec.cli;

/** censpec's exit codes: the contract with CI pipelines. */
public final class ExitCode {
    /** No error finding. */
    public static final int OK = 0;
    /** At least one error finding (syntax errors included), or generated files differ. */
    public static final int FINDINGS = 1;
    /** Usage error, unreadable file, bad output path or internal failure. */
    public static final int USAGE = 2;

    private ExitCode() {}
}
