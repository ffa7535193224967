package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code @@CENSPEC} lines of one guest run (prove/guest/README.md). */
public final class GuestResults {
    private static final Pattern REPLAY_BEGIN = Pattern.compile("^@@CENSPEC REPLAY (\\S+) BEGIN");
    private static final Pattern RESULT = Pattern.compile("^@@CENSPEC R (\\d+) (.*)$");
    private static final Pattern SELFTEST_OUT = Pattern.compile("^@@CENSPEC SELFTEST-OUT (\\S+) ?(.*)$");
    private static final Pattern SELFTEST_EXIT = Pattern.compile("^@@CENSPEC SELFTEST (\\S+) EXIT rc=(\\d+)");
    private static final Pattern SELFTEST_HIDDEN = Pattern.compile("^@@CENSPEC SELFTEST (\\S+) HIDDEN (\\S+)");
    private static final Pattern IMPORTER_RESULT = Pattern.compile("^@@CENSPEC IMPORTER R (\\d+) (.*)$");
    private static final Pattern IMPORTERS_EXIT = Pattern.compile("^@@CENSPEC IMPORTERS \\S+ EXIT rc=(\\d+)");
    private static final Pattern ABI_SUMMARY =
            Pattern.compile("^@@CENSPEC ABI (\\S+) SUMMARY (\\d+) passed, (\\d+) failed");

    /** Replay file base name (as the host wrote it) to line number to result line. */
    public final Map<String, Map<Integer, String>> replays = new LinkedHashMap<>();

    public final List<String> abiFailures = new ArrayList<>();
    public int abiPassed;
    public int abiFailed;
    public String finalResult = "";
    /** Module to the order of its dma_sync_sg_for_{cpu,device} calls ("cpu"/"device"). */
    public final Map<String, List<String>> syncs = new LinkedHashMap<>();
    /** Modules whose sync trace the guest could not take. */
    public final List<String> syncUnavailable = new ArrayList<>();
    /** Module to its dma_map_sg/dma_unmap_sg calls in order: "map|unmap DEVICE DIR skip|sync". */
    public final Map<String, List<String>> dmaMaps = new LinkedHashMap<>();
    /** Module to how its map trace ended: "done", "unavailable" or "lost IN/WRITTEN". */
    public final Map<String, String> dmaMapTrace = new LinkedHashMap<>();
    /** The devicetree test importer's lines (arm64): failures and its summary. */
    public final List<String> importLines = new ArrayList<>();
    /** heap_stress's lines: its operations per process, violations and summary. */
    public final List<String> stressLines = new ArrayList<>();
    /** Module to the output lines of the kernel's heap selftest run while it was loaded. */
    public final Map<String, List<String>> selftestOutput = new LinkedHashMap<>();
    /** Module to the heap selftest's exit status. */
    public final Map<String, Integer> selftestExit = new LinkedHashMap<>();
    /** Per module, the heaps kept from its selftest (protected memory, which the selftest's checks map). */
    public final Map<String, List<String>> selftestHidden = new LinkedHashMap<>();
    /** importer_drive's result line of each importer plan line. */
    public final Map<Integer, String> importers = new LinkedHashMap<>();
    /** importer_drive's exit status, -1 when it did not run. */
    public int importersExit = -1;
    /** The booted kernel's own modules loaded for the proof (vgem, vivid): one line each. */
    public final List<String> kmodLines = new ArrayList<>();
    /** The udev check of the module's rules: its summary and each failed node or link. */
    public final List<String> udevLines = new ArrayList<>();

    public static GuestResults parse(String results) {
        GuestResults g = new GuestResults();
        Map<Integer, String> current = null;
        for (String raw : results.split("\n")) {
            if (g.selftestLine(raw)) {
                continue;
            }
            String line = raw.strip();
            Matcher m = REPLAY_BEGIN.matcher(line);
            if (m.find()) {
                String file = m.group(1);
                String base = file.substring(file.lastIndexOf('/') + 1).replaceFirst("^m\\d+-\\d+-", "");
                current = new LinkedHashMap<>();
                g.replays.put(base, current);
                continue;
            }
            m = RESULT.matcher(line);
            if (m.find() && current != null) {
                current.put(Integer.parseInt(m.group(1)), m.group(2).strip());
                continue;
            }
            m = ABI_SUMMARY.matcher(line);
            if (m.find()) {
                g.abiPassed += Integer.parseInt(m.group(2));
                g.abiFailed += Integer.parseInt(m.group(3));
                continue;
            }
            if (line.startsWith("@@CENSPEC ABI ") && line.contains(" FAIL ")) {
                g.abiFailures.add(line);
            }
            String[] w = line.split(" ");
            if (w.length == 4 && w[1].equals("SYNC")) {
                g.syncs.computeIfAbsent(w[2], k -> new ArrayList<>()).add(w[3]);
            } else if (w.length == 4 && w[1].equals("SYNC-TRACE")) {
                g.syncs.computeIfAbsent(w[2], k -> new ArrayList<>());
                if (w[3].equals("unavailable")) {
                    g.syncUnavailable.add(w[2]);
                }
            }
            g.dmaMapLine(w);
            if (line.startsWith("@@CENSPEC STRESS ") && !line.startsWith("@@CENSPEC STRESS start")) {
                g.stressLines.add(line.substring("@@CENSPEC ".length()));
            }
            if (line.startsWith("@@CENSPEC IMPORT ") && (line.contains(" SUMMARY ") || line.contains("FAIL"))) {
                g.importLines.add(line.substring("@@CENSPEC ".length()));
            }
            m = IMPORTER_RESULT.matcher(line);
            if (m.find()) {
                g.importers.put(Integer.parseInt(m.group(1)), m.group(2).strip());
                continue;
            }
            m = IMPORTERS_EXIT.matcher(line);
            if (m.find()) {
                g.importersExit = Integer.parseInt(m.group(1));
                continue;
            }
            if (line.startsWith("@@CENSPEC UDEV ") && (line.contains(" SUMMARY ") || line.contains(" fail"))) {
                g.udevLines.add(line.substring("@@CENSPEC ".length()));
            }
            if (line.startsWith("@@CENSPEC KMOD ")) {
                g.kmodLines.add(line.substring("@@CENSPEC ".length()));
            }
            if (line.startsWith("@@CENSPEC RESULT status=")) {
                g.finalResult = line;
            }
        }
        return g;
    }

    /** A DMAMAP or DMAMAP-TRACE line's words: recorded. */
    private void dmaMapLine(String[] w) {
        if (w.length == 7 && w[1].equals("DMAMAP")) {
            dmaMaps.computeIfAbsent(w[2], k -> new ArrayList<>())
                    .add(String.join(" ", List.of(w).subList(3, 7)));
        } else if (w.length >= 4 && w[1].equals("DMAMAP-TRACE")) {
            dmaMapTrace.put(w[2], String.join(" ", List.of(w).subList(3, w.length)));
        }
    }

    /** A selftest line (its output keeps its leading blanks): recorded, true. */
    private boolean selftestLine(String raw) {
        String line = raw.stripTrailing();
        Matcher m = SELFTEST_OUT.matcher(line);
        if (m.find()) {
            selftestOutput.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
            return true;
        }
        m = SELFTEST_EXIT.matcher(line);
        if (m.find()) {
            selftestExit.put(m.group(1), Integer.parseInt(m.group(2)));
            return true;
        }
        m = SELFTEST_HIDDEN.matcher(line);
        if (m.find()) {
            selftestHidden.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
            return true;
        }
        return false;
    }

    /** The heap selftest of each module that ran it. */
    public Map<String, HeapSelftest> selftests() {
        Map<String, HeapSelftest> out = new LinkedHashMap<>();
        selftestExit.forEach((module, rc) ->
                out.put(module, HeapSelftest.parse(selftestOutput.getOrDefault(module, List.of()), rc)));
        return out;
    }

    public boolean passed() {
        return finalResult.contains("status=pass");
    }

    /** key=value words of a result line. */
    public static Map<String, String> fields(String resultLine) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String word : resultLine.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                out.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return out;
    }
}
