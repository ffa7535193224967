package org.censpec.report;

/**
 * What a run's options say about its reports beyond the findings.
 *
 * @param warningsAsErrors      warnings fail the run (JUnit: a warning is a failure)
 * @param hideSuppressedTraces  text: a suppressed finding on one line, without its interleaving
 */
public record ReportSettings(boolean warningsAsErrors, boolean hideSuppressedTraces) {
    /** Plain settings: warnings do not fail, every trace is printed. */
    public static final ReportSettings PLAIN = new ReportSettings(false, false);
}
