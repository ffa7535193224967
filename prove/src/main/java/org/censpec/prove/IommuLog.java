package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the data boot's guest and the runtime say about the IOMMU in front of each edu engine:
 * the guest moved the engine at the translating address to a DMA domain ({@code @@CENSPEC IOMMU}
 * line of prove/guest/init.sh), and the runtime's log line for each engine the spec does not
 * name (cen_importers.c) says "IOMMU" for that engine and "no IOMMU" for the others, which sit
 * in identity domains: {@code cen_iommu_translates()} as the runtime itself decided it.
 */
final class IommuLog {
    private static final Pattern ENGINE = Pattern.compile("(?m)^@@CENSPEC DATA ENGINE \\d+ edu-(\\S+)$");
    private static final Pattern MOVED = Pattern.compile("(?m)^@@CENSPEC IOMMU (\\S+) type=(\\S+)");
    private static final String SAYS = ": importer the spec does not name: ";

    private IommuLog() {}

    static ProveReport.Check check(String results, String dmesg, String translating) {
        List<ProveReport.Failure> failures = new ArrayList<>();
        List<String> engines = new ArrayList<>();
        Matcher m = ENGINE.matcher(results);
        while (m.find()) {
            engines.add(m.group(1));
        }
        String type = moved(results, translating).orElse("none");
        if (!type.equals("DMA") && !type.equals("DMA-FQ")) {
            failures.add(failure(translating, "its IOMMU group's type DMA or DMA-FQ", "type " + type));
        }
        if (!engines.contains(translating)) {
            failures.add(failure(translating, "an engine at " + translating, "engines " + engines));
        }
        for (String bdf : engines) {
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
                engines.size() + 1 - failures.size(),
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
