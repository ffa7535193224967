package org.censpec.prove;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.censpec.model.Spec;
import org.censpec.observe.ImporterEvent;
import org.censpec.observe.KernelLogImporters;
import org.censpec.observe.MatchSuggestions;

/**
 * The importers the spec does not name that attached in a proof's boots, as the runtime logged
 * them (one kernel line per device and module load, kernel-runtime/cen_importers.c), read from
 * each boot's dmesg, and the {@code match} lines {@code censpec replay --suggest-matches} makes
 * of them ({@link MatchSuggestions}: the same rules, nothing proposed that cannot be attributed to
 * one kernel and one DMA view per device). Not a check: it tells the author who attached and
 * never fails the run. On qemu the devices are the proof's own stand-ins and qemu's devices.
 *
 * @param importers each device and DMA view seen, with the boots it was seen in
 * @param suggestions the spec text to paste ({@link MatchSuggestions}); empty without boots
 * @param notes what the lists may lack (a boot without dmesg, the runtime's log limit)
 */
public record UnnamedImporters(List<Seen> importers, List<String> suggestions, List<String> notes) {
    /** What the report says of every list it shows, plainly. */
    public static final String ON_QEMU = "on qemu these are the proof's own stand-in devices (the test build's"
            + " <spec>-@raw32/@bus1g/@nomask/@seg64k, the devicetree test importers) and qemu's devices (vgem, vivid,"
            + " the data boot's edu engines), not the board's: on the board, record the pipeline with"
            + " censpec-record and run censpec replay --suggest-matches SPEC LOG";

    /** One device and DMA view, the kernel it was seen under and the boots (their folders) that logged it. */
    public record Seen(String dev, String kernel, String view, List<String> boots) {
        public Seen {
            boots = List.copyOf(boots);
        }
    }

    /** What one boot returned: its folder's name, its @@CENSPEC lines and its dmesg (empty when none came back). */
    record BootLog(String boot, String results, String dmesg) {}

    public UnnamedImporters {
        importers = List.copyOf(importers);
        suggestions = List.copyOf(suggestions);
        notes = List.copyOf(notes);
    }

    /** A report without boots (the module did not build): nothing to say. */
    public static UnnamedImporters none() {
        return new UnnamedImporters(List.of(), List.of(), List.of());
    }

    /** From the boots' folders: results.txt and dmesg.txt beside each serial log. */
    static UnnamedImporters of(Spec spec, List<ProveReport.Boot> boots) throws IOException {
        List<BootLog> logs = new ArrayList<>();
        for (ProveReport.Boot b : boots) {
            Path dir = Path.of(b.serialLog()).getParent();
            logs.add(new BootLog(
                    dir.getFileName().toString(), read(dir.resolve("results.txt")), read(dir.resolve("dmesg.txt"))));
        }
        return from(spec, logs);
    }

    /** From what the boots returned. */
    static UnnamedImporters from(Spec spec, List<BootLog> logs) {
        if (logs.isEmpty()) {
            return none();
        }
        List<ImporterEvent> events = new ArrayList<>();
        Map<String, List<String>> bootsOf = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (BootLog log : logs) {
            if (log.dmesg().isBlank()) {
                notes.add(log.boot() + ": no dmesg came back: the importers it saw are not known");
                continue;
            }
            if (KernelLogImporters.truncated(spec.name(), log.dmesg())) {
                notes.add(log.boot() + ": the runtime logged its maximum of importers: the others are not listed");
            }
            String kernel = BootLines.parse(log.results()).kernel;
            for (ImporterEvent e :
                    KernelLogImporters.parse(log.boot() + "/dmesg.txt", kernel, spec.name(), log.dmesg())) {
                events.add(e);
                List<String> in = bootsOf.computeIfAbsent(e.key(), k -> new ArrayList<>());
                if (!in.contains(log.boot())) {
                    in.add(log.boot());
                }
            }
        }
        Map<String, Seen> seen = new TreeMap<>();
        for (ImporterEvent e : events) {
            seen.putIfAbsent(e.dev() + "\n" + e.key(), new Seen(e.dev(), e.kernel(), e.view(), bootsOf.get(e.key())));
        }
        return new UnnamedImporters(List.copyOf(seen.values()), MatchSuggestions.of(spec, events), notes);
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
