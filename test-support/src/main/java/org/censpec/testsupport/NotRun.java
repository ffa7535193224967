package org.censpec.testsupport;

/**
 * One test (or test class) that did not run: the module, the prerequisite group it needed
 * ({@code other} for a skip that is not a prerequisite, e.g. a disabled opt-in long run), the test
 * and the reason JUnit was given.
 */
public record NotRun(String module, String group, String test, String reason) {
    static final String OTHER = "other";

    /** The group a skip reason names ({@code needs kernels: ...}), or {@code other}. */
    static String groupOf(String reason) {
        if (reason != null && reason.startsWith(Gate.PREFIX)) {
            int colon = reason.indexOf(':');
            if (colon > Gate.PREFIX.length()) {
                return reason.substring(Gate.PREFIX.length(), colon);
            }
        }
        return OTHER;
    }

    /** One tab-separated line of the build's record. */
    String line(String buildId) {
        return String.join(
                "\t", buildId, module, group, test, reason.replace('\t', ' ').replace('\n', ' '));
    }

    /** Parses {@link #line}; the build id is the first field. */
    static NotRun parse(String[] fields) {
        return new NotRun(fields[1], fields[2], fields[3], fields[4]);
    }
}
