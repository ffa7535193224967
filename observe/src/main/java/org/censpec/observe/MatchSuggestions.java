package org.censpec.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.censpec.model.Device;
import org.censpec.model.Literal;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecText;

/**
 * {@code censpec replay --suggest-matches}: the {@code match} lines for the importers a
 * recorded log shows attaching although the spec names none of them ({@code cen_importer}
 * events). Each device gets a comment with what the DMA API said of it and one {@code match}
 * line: its most specific devicetree compatible when no other recorded device has it, else
 * its {@code dev_name()}. Nothing is proposed for what cannot be attributed to one board and
 * kernel: importers recorded under several kernels, or one device name seen with different
 * DMA views. The same sighting given more than once (a device logged by every module load)
 * counts once. Output is spec text (comments and match lines), sorted by device name.
 */
public final class MatchSuggestions {
    private final Spec spec;
    private final Set<String> specMatches = new TreeSet<>();

    private MatchSuggestions(Spec spec) {
        this.spec = spec;
        for (Device d : spec.devices()) {
            d.match().stream().map(Literal::value).forEach(specMatches::add);
        }
    }

    /** The lines to paste, for the importers of one replayed log. */
    public static List<String> of(Spec spec, List<ImporterEvent> importers) {
        return new MatchSuggestions(spec).lines(importers);
    }

    private List<String> lines(List<ImporterEvent> sightings) {
        Map<String, ImporterEvent> distinct = new LinkedHashMap<>();
        sightings.forEach(e -> distinct.putIfAbsent(e.key(), e));
        List<ImporterEvent> importers = List.copyOf(distinct.values());
        Set<String> kernels = new TreeSet<>();
        importers.forEach(e -> kernels.add(e.kernel().isEmpty() ? "(no header)" : e.kernel()));
        List<String> out = new ArrayList<>();
        if (importers.isEmpty()) {
            out.add("// no importer the spec " + spec.name() + " does not name was recorded");
            return out;
        }
        if (kernels.size() > 1) {
            out.add(comment("importers recorded under " + kernels.size() + " kernels (" + String.join(", ", kernels)
                    + "): none can be attributed to one board and kernel; record each in a log of its own"));
            return out;
        }
        Map<String, List<ImporterEvent>> byDev = new TreeMap<>();
        importers.forEach(
                e -> byDev.computeIfAbsent(e.dev(), k -> new ArrayList<>()).add(e));
        out.add(comment(byDev.size() + " importer(s) the spec " + spec.name() + " does not name, kernel "
                + kernels.iterator().next() + ": add each string to the match list of the device it stands for"));
        Map<String, Integer> compatibleUse = compatibleUse(byDev);
        for (Map.Entry<String, List<ImporterEvent>> e : byDev.entrySet()) {
            out.addAll(device(e.getKey(), e.getValue(), compatibleUse));
        }
        return out;
    }

    /** How many recorded devices carry each most specific compatible. */
    private static Map<String, Integer> compatibleUse(Map<String, List<ImporterEvent>> byDev) {
        Map<String, Integer> use = new TreeMap<>();
        for (List<ImporterEvent> views : byDev.values()) {
            Set<String> firsts = new LinkedHashSet<>();
            views.forEach(v -> v.compatibles().stream().findFirst().ifPresent(firsts::add));
            firsts.forEach(c -> use.merge(c, 1, Integer::sum));
        }
        return use;
    }

    private List<String> device(String dev, List<ImporterEvent> views, Map<String, Integer> compatibleUse) {
        if (views.size() > 1) {
            return List.of(comment(dev + ": seen with " + views.size() + " different DMA views (logs of several "
                    + "boards?): no match proposed"));
        }
        ImporterEvent v = views.get(0);
        List<String> out = new ArrayList<>();
        out.add(comment(dev + ": " + v.view()));
        Optional<String> first = v.compatibles().stream().findFirst();
        if (first.isPresent() && compatibleUse.get(first.get()) > 1) {
            out.add(comment("  its compatible " + first.get() + " is shared by " + compatibleUse.get(first.get())
                    + " recorded devices: matched by name"));
        }
        Optional<String> chosen = first.filter(c -> compatibleUse.get(c) == 1).or(() -> Optional.of(dev));
        Optional<String> literal = chosen.flatMap(SpecText::string);
        if (specMatches.contains(chosen.get())) {
            out.add(comment("  " + chosen.get() + " is already a match string of this spec (a log of another version "
                    + "of it?): no match proposed"));
        } else if (literal.isEmpty()) {
            out.add(comment("  no spec string can hold " + chosen.get() + ": no match proposed"));
        } else {
            out.add("match " + literal.get() + ";");
        }
        return out;
    }

    private static String comment(String text) {
        return "// " + SpecText.comment(text);
    }
}
