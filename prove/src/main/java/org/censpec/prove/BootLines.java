package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.censpec.model.semantics.Errno;

/**
 * The {@code @@CENSPEC} lines of one boot that the prove report reads beside {@link GuestResults}:
 * the kernel and memory the guest reported, the ABI test per heap, and every line of the
 * devicetree test importer's program (importer_check) in the order it printed them.
 */
final class BootLines {
    private static final Pattern BEGIN =
            Pattern.compile("^@@CENSPEC BEGIN kernel=(\\S+) mem_kb=(\\d*) uptime=([0-9.]+)");
    private static final Pattern ABI = Pattern.compile("^@@CENSPEC ABI (\\S+) (PASS|FAIL|SKIP) (\\S+) ?(.*)$");
    private static final Pattern IMPORT =
            Pattern.compile("^@@CENSPEC IMPORT (/\\S+) (?:(censpec_importer_\\S+) )?size=(\\d+) (.*)$");

    /** One ABI test result of a heap. */
    record AbiResult(String heap, boolean passed, boolean skipped, String test, String detail) {}

    /**
     * One line of importer_check: the heap, the importer ({@code censpec_importer_LABEL}; empty
     * for the line that says the allocation itself failed), the size and the words after it.
     */
    record Import(String heap, String importer, long size, Map<String, String> fields) {}

    String kernel = "";
    long memKb;
    /** The guest's uptime when its /init began: kernel messages before it are the kernel's own boot. */
    double initUptime = Double.MAX_VALUE;
    /** The guest's verdict lines of each module, and the dmesg lines it failed on. */
    final List<String> moduleResults = new ArrayList<>();

    final List<String> dmesgBad = new ArrayList<>();
    /** What still held a module whose rmmod failed (the guest's MODULE ... HOLD lines), blank ones left out. */
    final List<String> holds = new ArrayList<>();

    /** The inodes of the buffers whose QBUF vivid refused (importer_drive's REFUSED lines). */
    final Set<Long> refusedQbufs = new LinkedHashSet<>();
    /** Whether importer_drive's vb2-leak-probe saw vgem's buffer outlive a failed attach (false when not run). */
    boolean vb2Leaks;

    final List<AbiResult> abi = new ArrayList<>();
    final List<Import> imports = new ArrayList<>();

    private static final Pattern REFUSED = Pattern.compile("^@@CENSPEC IMPORTER REFUSED \\d+ ino=(\\d+)");
    /** The probe ran as designed (vivid refused vgem's buffer at attach, -EFAULT) and the buffer outlived it. */
    private static final Pattern VB2_PROBE =
            Pattern.compile("^@@CENSPEC IMPORTER VB2-LEAK-PROBE qbuf=" + Errno.EFAULT.rc() + " ino=[1-9]\\d* leaked=1");

    /** A non-blank line of what held a module after its failed rmmod (guest/init.sh rmmod_why). */
    private static final Pattern HOLD = Pattern.compile("^@@CENSPEC MODULE \\S+ HOLD (?!bufinfo\\s*$)\\S");

    static BootLines parse(String results) {
        BootLines b = new BootLines();
        for (String raw : results.split("\n")) {
            String line = raw.strip();
            Matcher m = BEGIN.matcher(line);
            if (m.find()) {
                b.kernel = m.group(1);
                b.memKb = m.group(2).isEmpty() ? 0 : Long.parseLong(m.group(2));
                b.initUptime = Double.parseDouble(m.group(3));
                continue;
            }
            if (line.startsWith("@@CENSPEC RESULT module=")) {
                b.moduleResults.add(line.substring("@@CENSPEC RESULT ".length()));
            } else if (line.startsWith("@@CENSPEC DMESG-BAD ")) {
                b.dmesgBad.add(line.substring("@@CENSPEC DMESG-BAD ".length()));
            } else if (HOLD.matcher(line).find()) {
                b.holds.add(line.substring("@@CENSPEC MODULE ".length()));
            } else if (VB2_PROBE.matcher(line).find()) {
                b.vb2Leaks = true;
            }
            m = REFUSED.matcher(line);
            if (m.find()) {
                b.refusedQbufs.add(Long.parseLong(m.group(1)));
                continue;
            }
            m = ABI.matcher(line);
            if (m.find()) {
                b.abi.add(new AbiResult(
                        heapName(m.group(1)),
                        m.group(2).equals("PASS"),
                        m.group(2).equals("SKIP"),
                        m.group(3),
                        m.group(4)));
                continue;
            }
            m = IMPORT.matcher(line);
            if (m.find()) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String w : m.group(4).split("\\s+")) {
                    int eq = w.indexOf('=');
                    if (eq > 0) {
                        fields.put(w.substring(0, eq), w.substring(eq + 1));
                    } else if (!w.isEmpty()) {
                        fields.put(w, "");
                    }
                }
                b.imports.add(new Import(
                        heapName(m.group(1)),
                        m.group(2) == null ? "" : m.group(2),
                        Long.parseLong(m.group(3)),
                        fields));
            }
        }
        return b;
    }

    /** The heap's name: the last part of its node's path. */
    static String heapName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
