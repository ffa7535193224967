package org.censpec.model;

/** How bad a finding is: an error makes {@code check} fail. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** Lower-case name used in text and JSON output. */
    public String label() {
        return label;
    }
}
