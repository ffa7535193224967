package org.censpec.driver;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.observe.ImporterEvent;
import org.censpec.observe.LogReplay;
import org.censpec.observe.MatchSuggestions;
import org.censpec.observe.ReplayInputException;
import org.censpec.prove.ReplayPlan;

/**
 * The traces censpec-record captured in the guest while a module's flows were replayed
 * (between {@code @@CENSPEC TRACE <module> BEGIN} and {@code END} on the serial console),
 * checked with {@code censpec replay}'s monitor against the spec, and compared with what the
 * replay plan says the model predicts for each command it sent.
 */
final class RecordedTraces {
    /** Kernel-mismatch findings for an -ENOMEM: expected where the plan expects the test kernel's limits. */
    static final String OUT_OF_MEMORY = "observed.kernel-mismatch (-ENOMEM)";

    private RecordedTraces() {}

    /** Module name to its recorded log, in console order. */
    static Map<String, String> extract(String console) {
        Map<String, String> out = new LinkedHashMap<>();
        String module = null;
        StringBuilder log = null;
        for (String line : console.split("\r?\n", -1)) {
            if (line.startsWith("@@CENSPEC TRACE ") && line.contains(" BEGIN")) {
                module = line.substring("@@CENSPEC TRACE ".length()).split(" ")[0];
                log = new StringBuilder();
            } else if (module != null && line.startsWith("@@CENSPEC TRACE " + module + " END")) {
                out.put(module, log.toString());
                module = null;
            } else if (module != null) {
                log.append(line).append('\n');
            }
        }
        return out;
    }

    /** What the replay of one recorded log gave, and what the plan expected. */
    record Verdict(
            String module,
            LogReplay.Result result,
            Map<String, Long> observed,
            Map<String, Long> expected,
            List<Finding> unexpected) {
        boolean ok() {
            return observed.equals(expected) && unexpected.isEmpty();
        }

        /** How many {@code observed.late-attach} findings the replay of the recorded trace gave. */
        long lateAttaches() {
            return observed.getOrDefault("observed.late-attach", 0L);
        }

        String summary() {
            return module + ": " + result.events() + " events, " + result.buffers() + " buffers, "
                    + result.importers().size() + " importers the spec does not name, observed " + observed
                    + (ok()
                            ? ""
                            : ", expected " + expected + (unexpected.isEmpty() ? "" : ", unexpected " + unexpected));
        }
    }

    /**
     * Replays {@code log} (saved to {@code file}) against {@code spec}: every flow finding the
     * plan's model predicted for a command to a spec device must appear as the matching
     * {@code observed.*} finding, no other verdict may appear, and the kernel must never
     * disagree with the spec (no {@code observed.kernel-mismatch}, {@code
     * observed.unexpected-allocator} or {@code observed.log}).
     */
    static Verdict check(String module, Spec spec, String log, Path file, ReplayPlan plan)
            throws IOException, ReplayInputException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, log, StandardCharsets.UTF_8);
        LogReplay.Result r = LogReplay.replay(spec, file.toString(), new StringReader(log));
        Map<String, Long> observed = new TreeMap<>();
        List<Finding> unexpected = new ArrayList<>();
        for (Finding f : r.findings()) {
            switch (f.id()) {
                case "observed.late-attach", "observed.attach-after-map", "observed.attach-rejected" ->
                    observed.merge(f.id(), 1L, Long::sum);
                case "observed.kernel-mismatch" -> {
                    if (f.message().contains("-ENOMEM")) {
                        observed.merge(OUT_OF_MEMORY, 1L, Long::sum);
                    } else {
                        unexpected.add(f);
                    }
                }
                case "observed.unknown-device",
                        "observed.unspecified",
                        "observed.map-before-attach",
                        "observed.unbalanced" -> {
                    // stand-in importers are not spec devices; scenarios beyond the flows are not flows;
                    // misuse the control device refuses never reaches the exporter
                }
                default -> unexpected.add(f);
            }
        }
        Map<String, Long> expected = new TreeMap<>();
        plan.predictedFindings().forEach((id, n) -> expected.put("observed." + id.substring("flow.".length()), n));
        if (plan.predictedOutOfMemory() > 0) {
            expected.put(OUT_OF_MEMORY, plan.predictedOutOfMemory());
        }
        return new Verdict(module, r, observed, expected, unexpected);
    }

    /**
     * The test build's stand-ins the spec does not name (cen_standin_test.c), each with what
     * the runtime's cen_importer event must say of it.
     */
    static final Map<String, java.util.function.Predicate<ImporterEvent>> UNNAMED = new TreeMap<>(Map.of(
            "@raw32", e -> e.dmaMask() == 0xffff_ffffL && !e.iommu() && e.busOffset() == 0,
            "@bus1g", e -> e.dmaMask() == 0xffff_ffffL && e.busOffset() == 0xc000_0000L,
            "@nomask", e -> e.dmaMask() == 0,
            "@seg64k", e -> e.dmaMask() == 0xffff_ffffL && e.maxSegment() == 64 * 1024));

    /**
     * What the importer log must show for one module's recorded trace: a cen_importer event
     * for each unnamed stand-in, with its DMA view; a match line proposed for each
     * (censpec replay --suggest-matches) and for every other importer recorded; and the
     * runtime's one log line for each stand-in, exactly once in {@code dmesg}.
     */
    static List<String> importerProblems(Spec spec, LogReplay.Result r, String dmesg) {
        List<String> problems = new ArrayList<>();
        List<String> lines = MatchSuggestions.of(spec, r.importers());
        long matches = lines.stream().filter(l -> l.startsWith("match ")).count();
        if (matches != r.importers().size()) {
            problems.add(spec.name() + ": " + matches + " match lines for "
                    + r.importers().size() + " importers: " + lines);
        }
        for (Map.Entry<String, java.util.function.Predicate<ImporterEvent>> u : UNNAMED.entrySet()) {
            String dev = spec.name() + "-" + u.getKey();
            List<ImporterEvent> seen =
                    r.importers().stream().filter(e -> e.dev().equals(dev)).toList();
            if (seen.size() != 1 || !u.getValue().test(seen.get(0))) {
                problems.add(spec.name() + ": cen_importer of " + dev + ": "
                        + seen.stream().map(ImporterEvent::view).toList());
            }
            if (!lines.contains("match \"" + dev + "\";")) {
                problems.add(spec.name() + ": no match line for " + dev + ": " + lines);
            }
            String logLine =
                    " " + dev + ": " + spec.name() + ": importer the spec does not name: compatible -, DMA mask 0x";
            int n = dmesg.split(java.util.regex.Pattern.quote(logLine), -1).length - 1;
            if (n != 1) {
                problems.add(
                        spec.name() + ": the runtime logged '" + logLine.trim() + "...' " + n + " times, not once");
            }
        }
        return problems;
    }
}
