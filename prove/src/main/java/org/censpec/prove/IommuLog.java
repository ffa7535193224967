package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.censpec.model.Device;

/**
 * What the data boot's guest and the runtime say about the IOMMU in front of each edu engine:
 * the guest moved the engine at the translating address to a DMA domain ({@code @@CENSPEC IOMMU}
 * line of prove/guest/init.sh), and the runtime's log line for each engine the spec does not
 * name (cen_importers.c) says "IOMMU" for that engine and "no IOMMU" for the others, which sit
 * in identity domains: {@code cen_iommu_translates()} as the runtime itself decided it.
 */
final class IommuLog {
    private static final Pattern ENGINE = Pattern.compile("(?m)^@@CENSPEC DATA ENGINE (\\d+) edu-(\\S+)$");
    private static final Pattern MOVED = Pattern.compile("(?m)^@@CENSPEC IOMMU (\\S+) type=(\\S+)");
    private static final String SAYS = ": importer the spec does not name: ";

    private IommuLog() {}

    /**
     * Judges the engines' IOMMU lines; {@code attached} are the indices of the engines the data
     * plan attaches (only those have a runtime line: the runtime logs an importer at its first
     * attach), the others are named in {@code notProven}.
     */
    static ProveReport.Check check(
            String results, String dmesg, String translating, Set<Integer> attached, List<String> notProven) {
        List<ProveReport.Failure> failures = new ArrayList<>();
        List<String> engines = new ArrayList<>();
        List<String> judged = new ArrayList<>();
        Matcher m = ENGINE.matcher(results);
        while (m.find()) {
            engines.add(m.group(2));
            if (attached.contains(Integer.parseInt(m.group(1)))) {
                judged.add(m.group(2));
            } else {
                notProven.add("the runtime's IOMMU decision for edu engine " + m.group(2)
                        + ": the data plan attaches it to no buffer (no allocator of the spec is in its reach here)");
            }
        }
        String type = moved(results, translating).orElse("none");
        if (!type.equals("DMA") && !type.equals("DMA-FQ")) {
            failures.add(failure(translating, "its IOMMU group's type DMA or DMA-FQ", "type " + type));
        }
        if (!engines.contains(translating)) {
            failures.add(failure(translating, "an engine at " + translating, "engines " + engines));
        }
        for (String bdf : judged) {
            String want = bdf.equals(translating) ? "IOMMU" : "no IOMMU";
            String line = runtimeLine(dmesg, bdf).orElse("no line");
            if (!line.contains(", " + want + ", ")) {
                failures.add(failure(bdf, "the runtime's line for it saying \"" + want + "\"", line));
            }
        }
        return new ProveReport.Check(
                "iommu",
                "the runtime sees the IOMMU that translates for engine " + translating
                        + " and none for the engines in identity domains",
                judged.size() + 1 - failures.size(),
                failures.size(),
                failures);
    }

    /**
     * The runtime's refusals of the translating engine registered as spec device {@code d}
     * (DataPlan's spec-device section): each is one log line, its registration with a DMA mask
     * one bit short of the IOVA width ({@code cen_register_device}) and the attach once
     * registered and narrowed ({@code cen_device_mask}), and no line saying that no IOMMU
     * translates for it. (A WARN fails the boot's clean-dmesg check.)
     */
    static ProveReport.Check refusals(String dmesg, String bdf, String spec, Device d) {
        String prefix = " " + bdf + ": " + spec + ": ";
        Map<String, Long> want = new LinkedHashMap<>();
        want.put(prefix + "spec device " + d.name() + " has " + d.dmaBits() + " DMA address bits, but", 1L);
        want.put(" does not reach the " + d.dmaBits() + " bits of spec device " + d.name(), 1L);
        want.put(prefix + "spec device " + d.name() + " is declared behind an IOMMU, but no IOMMU translates", 0L);
        List<ProveReport.Failure> failures = new ArrayList<>();
        for (Map.Entry<String, Long> w : want.entrySet()) {
            long n = dmesg.lines()
                    .filter(l -> l.contains(bdf) && l.contains(w.getKey()))
                    .count();
            if (n != w.getValue()) {
                failures.add(failure(
                        bdf,
                        w.getValue() + " kernel line(s) with \"" + w.getKey().strip() + "\"",
                        n + ""));
            }
        }
        return new ProveReport.Check(
                "iommu",
                "the runtime refuses spec device " + d.name() + " a DMA mask short of its IOVA width, one line each",
                want.size() - failures.size(),
                failures.size(),
                failures);
    }

    private static Optional<String> moved(String results, String bdf) {
        Matcher m = MOVED.matcher(results);
        while (m.find()) {
            if (m.group(1).equals(bdf)) {
                return Optional.of(m.group(2));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> runtimeLine(String dmesg, String bdf) {
        return dmesg.lines()
                .filter(l -> l.contains(" " + bdf + ": ") && l.contains(SAYS))
                .findFirst()
                .map(String::strip);
    }

    private static ProveReport.Failure failure(String bdf, String want, String got) {
        return new ProveReport.Failure(
                "engine " + bdf, "data boot", "", want, got, ProveReport.Cause.MODULE, "IOMMU of the edu engines");
    }
}
