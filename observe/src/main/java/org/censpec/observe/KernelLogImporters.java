package org.censpec.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.censpec.model.SourceLocation;

/**
 * The runtime's kernel log line for an importer the spec does not name (kernel-runtime/
 * cen_importers.c, {@code dev_info}: "DRIVER DEV: SPEC: importer the spec does not name:
 * compatible A;B, DMA mask 0x.., bus limit 0x.., IOMMU|no IOMMU, bus offset 0x.., max segment
 * N"), read back as the {@link ImporterEvent} its {@code cen_importer} trace event gives: the
 * form a log without the trace (dmesg; the guests of {@code censpec prove}) has it in. Lines of
 * other specs, and lines that do not have the whole form, are not importers.
 */
public final class KernelLogImporters {
    /** What the runtime's line says between the device and its view. */
    public static final String SAYS = "importer the spec does not name";

    /** The runtime's line when it stops logging (more than CEN_IMPORTERS_MAX devices). */
    private static final String MORE = "importers the spec does not name: the others are not logged";

    private static final String HEX = "0x(\\p{XDigit}{1,16})";
    private static final Pattern VIEW = Pattern.compile("compatible (.+?), DMA mask " + HEX + ", bus limit " + HEX
            + ", (IOMMU|no IOMMU), bus offset " + HEX + ", max segment (\\d{1,10})\\s*$");

    private KernelLogImporters() {}

    /**
     * The importers of spec {@code specName} that {@code log} (kernel messages, one a line, with
     * or without their {@code [seconds]} stamps) shows, in log order, each as seen under {@code
     * kernel}; {@code file} names the log in their locations.
     */
    public static List<ImporterEvent> parse(String file, String kernel, String specName, String log) {
        String says = ": " + specName + ": " + SAYS + ": ";
        List<ImporterEvent> out = new ArrayList<>();
        String[] lines = log.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf(says);
            if (at <= 0) {
                continue;
            }
            String head = lines[i].substring(0, at).stripTrailing();
            String dev = head.substring(head.lastIndexOf(' ') + 1);
            Matcher m = VIEW.matcher(lines[i].substring(at + says.length()));
            if (dev.isEmpty() || dev.endsWith("]") || !m.matches()) {
                continue;
            }
            String compatible = m.group(1);
            out.add(new ImporterEvent(
                    new SourceLocation(file, i + 1, at + 1),
                    kernel,
                    dev,
                    compatible.equals("-") ? List.of() : List.of(compatible.split(";")),
                    Long.parseUnsignedLong(m.group(2), 16),
                    Long.parseUnsignedLong(m.group(3), 16),
                    m.group(4).equals("IOMMU"),
                    Long.parseUnsignedLong(m.group(5), 16),
                    Long.parseLong(m.group(6))));
        }
        return out;
    }

    /** Whether the runtime said in {@code log} that it stopped logging importers of {@code specName}. */
    public static boolean truncated(String specName, String log) {
        return log.lines().anyMatch(l -> l.contains(specName + ": more than ") && l.contains(MORE));
    }
}
