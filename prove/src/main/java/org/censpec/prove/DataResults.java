package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data-visible proof's lines of one guest run (prove/guest/README.md): data_check's
 * summary and failed checks, and the memory accounting of every module (LEAK lines).
 */
public record DataResults(int checks, int failed, List<String> failures, List<String> leaks, boolean summarized) {
    private static final Pattern SUMMARY = Pattern.compile("^@@CENSPEC DATA SUMMARY .*checks=(\\d+) failed=(\\d+)");

    public static DataResults parse(String results) {
        int checks = 0;
        int failed = 0;
        boolean summarized = false;
        List<String> failures = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        String stat = "";
        for (String raw : results.split("\n")) {
            String line = raw.strip();
            Matcher m = SUMMARY.matcher(line);
            if (m.find()) {
                checks += Integer.parseInt(m.group(1));
                failed += Integer.parseInt(m.group(2));
                summarized = true;
            } else if (line.startsWith("@@CENSPEC DATA ") && (line.contains(" FAIL ") || line.contains(" ERROR "))) {
                failures.add(line.substring("@@CENSPEC ".length()));
            } else if (line.startsWith("@@CENSPEC LEAK-STAT ")) {
                stat = line.substring("@@CENSPEC ".length());
            } else if (line.startsWith("@@CENSPEC LEAK ")) {
                String leak = line.substring("@@CENSPEC ".length());
                // what a leak is made of (accounting.sh's LEAK-STAT line just before it)
                leaks.add(leak.endsWith(" ok") || stat.isEmpty() ? leak : leak + "; " + stat);
                stat = "";
            }
        }
        return new DataResults(checks, failed, List.copyOf(failures), List.copyOf(leaks), summarized);
    }
}
