package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory the booted guest reports in its dmesg, against what the prediction assumed
 * ({@link TargetMemory}): each reserved-memory pool the kernel created (a CMA pool for a
 * reusable one, a DMA pool for a no-map one) with its size, the default CMA area, and pools it
 * failed to make. A difference is the target's, not the module's: the report says so before
 * any mismatch it may explain.
 */
final class GuestMemory {
    private static final Pattern CREATED =
            Pattern.compile("Reserved memory: created (CMA|DMA) memory pool at 0x([0-9a-f]+), size (\\d+) MiB");
    private static final Pattern NODE = Pattern.compile("OF: reserved mem: initialized node (.+?), compatible id");
    private static final Pattern FAILED = Pattern.compile("OF: reserved mem: (?:failed|unable)[^'\"]*['\"]?([^'\" ]+)");
    private static final Pattern DEFAULT_CMA = Pattern.compile("cma: Reserved (\\d+) MiB at");

    /** A pool the guest created: its node name without unit address, size in bytes, whether it is CMA. */
    record Pool(String name, long size, boolean cma) {}

    /** The first pool of each name, in the order the kernel reported them. */
    final Map<String, Pool> pools = new LinkedHashMap<>();
    /**
     * Every pool, several of one name included (a board may give several children one node name:
     * the kernel initialises them in its own order, not the devicetree's, which the runtime's
     * lookup and the prediction follow).
     */
    final List<Pool> all = new ArrayList<>();

    final List<String> failedNodes = new ArrayList<>();
    /** The default CMA area the kernel made without a devicetree pool (from cma= or its configuration), bytes; 0 if none. */
    long defaultCma;

    static GuestMemory parse(String dmesg) {
        GuestMemory g = new GuestMemory();
        Pool pending = null;
        for (String line : dmesg.split("\n")) {
            Matcher m = CREATED.matcher(line);
            if (m.find()) {
                pending = new Pool(
                        "", Long.parseLong(m.group(3)) << 20, m.group(1).equals("CMA"));
                continue;
            }
            m = NODE.matcher(line);
            if (m.find() && pending != null) {
                String name = m.group(1).strip();
                int at = name.indexOf('@');
                name = at < 0 ? name : name.substring(0, at);
                Pool pool = new Pool(name, pending.size(), pending.cma());
                g.pools.putIfAbsent(name, pool);
                g.all.add(pool);
                pending = null;
                continue;
            }
            m = FAILED.matcher(line);
            if (m.find()) {
                g.failedNodes.add(line.replaceFirst("^\\[[^]]*\\]\\s*", "").strip());
            }
            m = DEFAULT_CMA.matcher(line);
            if (m.find()) {
                g.defaultCma = Long.parseLong(m.group(1)) << 20;
            }
        }
        return g;
    }

    /** One line for the report: what the guest has. */
    String describe(TargetMemory assumed) {
        List<String> parts = new ArrayList<>();
        if (defaultCma > 0) {
            parts.add("default CMA area " + Sizes.human(defaultCma));
        }
        all.forEach(p -> parts.add((p.cma() ? "CMA pool " : "no-map pool ") + p.name() + " " + Sizes.human(p.size())));
        return parts.isEmpty() ? "no CMA, no reserved-memory pool" : String.join("; ", parts);
    }

    /**
     * Where the guest differs from what the prediction assumed: a region missing or of another
     * size, a default CMA area of another size. Only figures the kernel reports are compared.
     */
    List<String> differences(TargetMemory assumed) {
        List<String> out = new ArrayList<>(failedNodes);
        for (TargetMemory.Region r : assumed.regions().values()) {
            List<Pool> named =
                    all.stream().filter(p -> p.name().equals(r.name())).toList();
            if (named.isEmpty()) {
                out.add("region " + r.name() + " (" + Sizes.human(r.size()) + ", " + r.source()
                        + ") is not in the guest's dmesg");
            } else if (named.stream().noneMatch(p -> p.size() == r.size())) {
                out.add("region " + r.name() + ": assumed " + Sizes.human(r.size()) + ", the guest made "
                        + String.join(
                                " and ",
                                named.stream().map(p -> Sizes.human(p.size())).toList()));
            }
        }
        long want = assumed.contiguous().largest();
        boolean seen = defaultCma == want || pools.values().stream().anyMatch(p -> p.cma() && p.size() == want);
        if (want != TargetMemory.BUDDY_BLOCK && !seen) {
            out.add("default CMA area: assumed " + Sizes.human(want) + " ("
                    + assumed.contiguous().source() + "), the guest" + " reports "
                    + (defaultCma == 0 ? "no default area" : Sizes.human(defaultCma)));
        }
        return out;
    }
}
