package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a module that refused to unload is held by the kernel's videobuf2 rather than by itself.
 *
 * <p>Since a rework of {@code __prepare_dmabuf} after 6.1 (drivers/media/common/videobuf2/
 * videobuf2-core.c; so in the sources of Debian's 6.12 and 7.2, not in 6.1's), a failed {@code attach_dmabuf} jumps past
 * the {@code dma_buf_put} of the reference {@code dma_buf_get} took for the plane: the dma-buf
 * stays alive with no attachment and no file, and its exporter module stays loaded. A boot that
 * plays an order in which the module refuses vivid's attach meets it at rmmod. The guest shows it
 * twice without the module: importer_drive's {@code vb2-leak-probe} queues a buffer of vgem's own
 * that vivid's attach refuses and looks for it in debugfs' bufinfo once everything is closed; and
 * every refused QBUF names the inode of its buffer.
 *
 * <p>The hold is the kernel's only when all of it is explained: the probe leaked on this kernel,
 * every live buffer of the module is one whose QBUF was refused, each with one reference and no
 * attachment, no process holds a file of the module, and the module's reference count is the
 * number of those buffers (a dma-buf holds its exporter once). Anything else stays the module's
 * failure. On a kernel whose videobuf2 puts the reference (6.1) the probe does not leak, so a
 * module that leaks a refused buffer itself is still caught there.
 */
final class Vb2AttachLeak {
    private static final Pattern REFCNT = Pattern.compile("^(\\S+) HOLD refcnt=(\\d+)");
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+) HOLD bufinfo (\\d+)\\s+[0-9a-f]+\\s+[0-9a-f]+\\s+(\\d+)\\s+(\\S+)\\s+(\\d+)(?:\\s|$)");
    private static final Pattern TOTAL = Pattern.compile("^(\\S+) HOLD bufinfo Total (\\d+) devices attached");
    private static final Pattern PROCESS = Pattern.compile("^(\\S+) HOLD pid=");

    /** One live dma-buf of bufinfo: its exporter, inode, file references and attachments. */
    record Buffer(String exporter, long ino, long references, int attachments) {}

    /** What held one module after its failed rmmod. */
    record Hold(String module, int refcnt, List<Buffer> buffers, int processes) {}

    private Vb2AttachLeak() {}

    /** The holds of every module whose rmmod failed, from the guest's HOLD lines (BootLines.holds). */
    static Map<String, Hold> holds(List<String> holdLines) {
        Map<String, Integer> refcnt = new LinkedHashMap<>();
        Map<String, List<Buffer>> buffers = new LinkedHashMap<>();
        Map<String, Integer> processes = new LinkedHashMap<>();
        for (String line : holdLines) {
            Matcher m = REFCNT.matcher(line);
            if (m.find()) {
                refcnt.put(m.group(1), Integer.parseInt(m.group(2)));
            } else if ((m = ROW.matcher(line)).find()) {
                buffers.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                        .add(new Buffer(m.group(4), Long.parseLong(m.group(5)), Long.parseLong(m.group(3)), -1));
            } else if ((m = TOTAL.matcher(line)).find()) {
                List<Buffer> b = buffers.getOrDefault(m.group(1), List.of());
                if (!b.isEmpty()) {
                    Buffer last = b.get(b.size() - 1);
                    b.set(
                            b.size() - 1,
                            new Buffer(last.exporter(), last.ino(), last.references(), Integer.parseInt(m.group(2))));
                }
            } else if ((m = PROCESS.matcher(line)).find()) {
                processes.merge(m.group(1), 1, Integer::sum);
            }
        }
        Map<String, Hold> out = new LinkedHashMap<>();
        refcnt.forEach((module, n) -> out.put(
                module,
                new Hold(
                        module,
                        n,
                        buffers.getOrDefault(module, List.of()).stream()
                                .filter(b -> b.exporter().equals(module))
                                .toList(),
                        processes.getOrDefault(module, 0))));
        return out;
    }

    /**
     * Why {@code hold} is videobuf2's and not the module's, given whether this kernel's probe
     * leaked and the inodes of the buffers whose QBUF was refused; empty when anything is not
     * explained.
     */
    static Optional<String> explains(Hold hold, boolean kernelLeaks, Set<Long> refused) {
        boolean explained = kernelLeaks
                && hold.processes() == 0
                && !hold.buffers().isEmpty()
                && hold.refcnt() == hold.buffers().size()
                && hold.buffers().stream()
                        .allMatch(b -> refused.contains(b.ino()) && b.references() == 1 && b.attachments() == 0);
        if (!explained) {
            return Optional.empty();
        }
        return Optional.of("rmmod " + hold.module() + " and its memory accounting: this kernel's videobuf2 keeps"
                + " the reference of a dma-buf whose attach failed (__prepare_dmabuf; importer_drive's"
                + " vb2-leak-probe leaked vgem's own buffer the same way), and "
                + hold.buffers().size()
                + " buffer(s) whose QBUF vivid refused (inodes "
                + hold.buffers().stream().map(b -> Long.toString(b.ino())).toList()
                + ", no attachment, no file) hold the module: the kernel's, not the module's");
    }
}
