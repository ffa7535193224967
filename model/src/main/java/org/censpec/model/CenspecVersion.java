package org.censpec.model;

/** The version of censpec, as the command line, the reports and every generated file print it. */
public final class CenspecVersion {
    public static final String VERSION = "0.1.0";

    private CenspecVersion() {}
}
