package org.censpec.tools.dt;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Sizes;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.tools.fmt.SpecFormatter;

/**
 * The shares and flows a driver author starts from, written mechanically into an imported spec
 * ({@code censpec import-dt --starter-flows}): the spec's devices, in their order, grouped into
 * shares of devices with an allocator in common (a device joins the first group it has one with,
 * at most {@link #MAX_PER_SHARE} per group; a device that accepts no allocator stays out, with a
 * comment); each share a frame of at most {@link #FRAME} bytes (a 1080p ARGB frame), less where the
 * group's first common allocator is smaller; and one flow per share, a pipeline: every device's
 * actor attaches, the first waits for all the attaches, maps, unmaps and detaches, and each next
 * actor maps, unmaps and detaches after the one before it unmapped, as a frame passes from stage
 * to stage. Every device attaches before the first map, so the buffer is backed where all of them
 * can reach it.
 */
public final class StarterFlows {
    /** The most devices in one share (one actor each; WorkLimits allows 16 per flow). */
    public static final int MAX_PER_SHARE = 8;

    /** A share's max_size: a 1920x1080 ARGB frame, rounded up to whole MiB. */
    public static final long FRAME = 8L << 20;

    private static final String YOURS = "// Shares and flows: yours to write, e.g.";

    private StarterFlows() {}

    /** One share: its devices and their common allocators' mask. */
    private record Group(List<Device> devices, long mask) {}

    /**
     * The imported spec's text with the starter shares and flows in place of import-dt's closing
     * "yours to write" comment, formatted; {@code spec} is that text parsed.
     */
    public static String complete(String imported, Spec spec) {
        int cut = imported.indexOf(YOURS);
        StringBuilder out = new StringBuilder(cut < 0 ? imported : imported.substring(0, cut));
        out.append("// Starter shares and flows (import-dt --starter-flows): each share is devices with an\n")
                .append("// allocator in common and a frame of at most its max_size; each flow a pipeline in which\n")
                .append("// every device attaches before the first map, then maps, unmaps and detaches in turn.\n")
                .append("// Replace them with what your drivers really do.\n");
        Acceptance acceptance = new Acceptance(spec);
        List<Group> groups = groups(spec, acceptance, out);
        for (int i = 0; i < groups.size(); i++) {
            String suffix = groups.size() == 1 ? "" : String.valueOf(i);
            share(out, spec, "frames" + suffix, groups.get(i));
            flow(out, "pipeline" + suffix, "frames" + suffix, groups.get(i).devices());
        }
        return SpecFormatter.format(out.toString());
    }

    private static List<Group> groups(Spec spec, Acceptance acceptance, StringBuilder out) {
        List<Group> groups = new ArrayList<>();
        for (Device d : spec.devices()) {
            long mask = acceptance.mask(d);
            if (mask == 0) {
                out.append("// ").append(d.name()).append(" accepts no allocator: in no share\n");
                continue;
            }
            Group home = groups.stream()
                    .filter(g -> (g.mask() & mask) != 0 && g.devices().size() < MAX_PER_SHARE)
                    .findFirst()
                    .orElse(null);
            if (home == null) {
                groups.add(new Group(new ArrayList<>(List.of(d)), mask));
            } else {
                home.devices().add(d);
                groups.set(groups.indexOf(home), new Group(home.devices(), home.mask() & mask));
            }
        }
        return groups;
    }

    /** The share, its max_size the frame or the size of the group's first common allocator. */
    private static void share(StringBuilder out, Spec spec, String name, Group g) {
        Allocator first = spec.allocators().stream()
                .filter(a -> (g.mask() & (1L << a.priority())) != 0)
                .findFirst()
                .orElseThrow();
        long max = Math.min(FRAME, first.size().orElse(FRAME));
        out.append("share ")
                .append(name)
                .append(" { ")
                .append(String.join(", ", g.devices().stream().map(Device::name).toList()))
                .append(" } max_size ")
                .append(Sizes.format(max))
                .append(";\n");
    }

    private static void flow(StringBuilder out, String name, String share, List<Device> devices) {
        out.append("flow ").append(name).append(" on ").append(share).append(" {\n");
        for (int i = 0; i < devices.size(); i++) {
            String d = devices.get(i).name();
            out.append("    actor ").append(actor(d)).append(" { ");
            out.append(i > 0 ? "attached: " : "").append("attach ").append(d).append("; ");
            if (i == 0) {
                devices.stream()
                        .skip(1)
                        .forEach(
                                o -> out.append("wait ").append(actor(o.name())).append(".attached; "));
            } else {
                out.append("wait ").append(actor(devices.get(i - 1).name())).append(".done; ");
            }
            out.append("map ").append(d).append("; ");
            out.append(i + 1 < devices.size() ? "done: " : "")
                    .append("unmap ")
                    .append(d)
                    .append("; ");
            out.append("detach ").append(d).append("; }\n");
        }
        out.append("}\n");
    }

    private static String actor(String device) {
        return device + "_drv";
    }
}
