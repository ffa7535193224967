package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of the kernel's own dma-buf heap selftest
 * (tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c), read from its output in the guest, in
 * either of the two forms upstream's versions print: the kselftest form of 6.12 and later
 * ({@code # Testing heap: NAME}, {@code ok N ...}, {@code not ok N ...}, a {@code 1..N} plan)
 * and the plain form of 6.1 ({@code Testing heap: NAME}, {@code   Testing WHAT:  OK} or
 * {@code FAIL (...)}). A skipped check (the import, when no vgem card opened) counts as failed
 * wherever prove loaded vgem, and as not run where the kernel has none to load (the debug
 * kernel). A plan with more checks than were reported adds one failed check.
 */
public record HeapSelftest(List<Check> checks, int exitStatus) {
    /** One check on one heap; a skipped one has not passed. */
    public record Check(String heap, String name, boolean passed, boolean skipped, String detail) {}

    private static final Pattern KSFT_HEAP = Pattern.compile("^# Testing heap: (\\S+)");
    private static final Pattern KSFT_RESULT = Pattern.compile("^(not )?ok (\\d+) (.*)$");
    private static final Pattern KSFT_PLAN = Pattern.compile("^1\\.\\.(\\d+)$");
    private static final Pattern PLAIN_HEAP = Pattern.compile("^Testing heap: (\\S+)");
    private static final Pattern PLAIN_CHECK = Pattern.compile("^\\s*Testing (.+?):\\s+(.*)$");

    /**
     * Which linux-source's selftest a kernel runs (build-heap-selftest.sh): its own series; the
     * debug kernel is built from 6.1; a kernel folder by the release in its kernel.env, and one of
     * another series the newest (7.2), whose checks are a superset of the older ones.
     */
    public static String seriesFor(String kernel) {
        if (Prover.KERNEL_SERIES.contains(kernel)) {
            return kernel;
        }
        if (kernel.equals("debug")) {
            return "6.1";
        }
        String release = "";
        try {
            release = java.nio.file.Files.readAllLines(java.nio.file.Path.of(kernel, "kernel.env")).stream()
                    .filter(l -> l.startsWith("KVER="))
                    .map(l -> l.substring(5))
                    .findFirst()
                    .orElse("");
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            // the newest then
        }
        for (String series : Prover.KERNEL_SERIES) {
            if (release.startsWith(series + ".") || release.startsWith(series + "-")) {
                return series;
            }
        }
        return Prover.KERNEL_SERIES.get(Prover.KERNEL_SERIES.size() - 1);
    }

    /** Parses the selftest's output lines (in order) and its exit status. */
    public static HeapSelftest parse(List<String> lines, int exitStatus) {
        List<Check> checks = new ArrayList<>();
        String heap = "-";
        int plan = -1;
        for (String line : lines) {
            String tested = heapOf(line);
            if (tested != null) {
                heap = tested;
                continue;
            }
            Matcher m = KSFT_PLAN.matcher(line.strip());
            if (m.matches()) {
                plan = Integer.parseInt(m.group(1));
                continue;
            }
            m = KSFT_RESULT.matcher(line.strip());
            if (m.matches()) {
                boolean skipped = m.group(3).contains("# SKIP");
                checks.add(new Check(
                        heap, m.group(3).strip(), m.group(1) == null && !skipped, skipped, skipped ? "skipped" : ""));
                continue;
            }
            m = PLAIN_CHECK.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                String result = m.group(2).strip();
                boolean skipped = result.contains("skipping");
                checks.add(new Check(
                        heap,
                        m.group(1).strip(),
                        result.endsWith("OK") && !skipped,
                        skipped,
                        result.endsWith("OK") && !skipped ? "" : result));
            }
        }
        if (plan > checks.size()) {
            checks.add(new Check("-", "plan", false, false, "planned " + plan + " checks, reported " + checks.size()));
        }
        return new HeapSelftest(List.copyOf(checks), exitStatus);
    }

    private static String heapOf(String line) {
        for (Pattern p : List.of(KSFT_HEAP, PLAIN_HEAP)) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    public int passed() {
        return (int) checks.stream().filter(Check::passed).count();
    }

    public int failed() {
        return checks.size() - passed();
    }

    /** Checks skipped (the import without a vgem card). */
    public int skipped() {
        return (int) checks.stream().filter(Check::skipped).count();
    }

    /**
     * Failed checks as counted: every one that did not pass, except, when {@code vgemLoaded} is
     * false (a kernel without the module to load), the skipped imports, which did not run.
     */
    public int failedCounted(boolean vgemLoaded) {
        return failed() - (vgemLoaded ? 0 : skipped());
    }

    /**
     * Passed when every check passed, there was one, and the program's exit agrees (a crash or
     * an exit on the first failure shows there).
     */
    public boolean verdict() {
        return verdict(true);
    }

    /** {@link #verdict()}, with skipped imports not counted where no vgem was loaded. */
    public boolean verdict(boolean vgemLoaded) {
        return checks.size() > skipped() && failedCounted(vgemLoaded) == 0 && exitStatus == 0;
    }

    /** Passed and total checks per heap, in the order the heaps were tested. */
    public Map<String, int[]> perHeap() {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Check c : checks) {
            int[] n = out.computeIfAbsent(c.heap(), k -> new int[2]);
            n[0] += c.passed() ? 1 : 0;
            n[1]++;
        }
        return out;
    }
}
