package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Operation;
import org.censpec.model.Property;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;

/** Builds Spec records directly for tests; every element gets its own line in "t.cen". */
final class SpecBuilder {
    static final long K = 1024, M = K * K, G = M * K;

    private final String name;
    private long ram = 8 * G;
    private int line = 1;
    private final List<Property> properties = new ArrayList<>();
    private final List<Allocator> allocators = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();
    private final List<Share> shares = new ArrayList<>();
    private final List<Flow> flows = new ArrayList<>();

    private SpecBuilder(String name) {
        this.name = name;
    }

    static SpecBuilder spec(String name) {
        return new SpecBuilder(name);
    }

    static SourceLocation loc(int line, int col) {
        return new SourceLocation("t.cen", line, col);
    }

    private SourceLocation next() {
        return loc(++line, 1);
    }

    private List<NameRef> refs(List<String> names) {
        int l = line;
        List<NameRef> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new NameRef(names.get(i), loc(l, 20 + 4 * i)));
        }
        return out;
    }

    SpecBuilder ram(long bytes) {
        this.ram = bytes;
        return this;
    }

    SpecBuilder properties(String... names) {
        for (String p : names) {
            properties.add(new Property(p, next()));
        }
        return this;
    }

    /** below &lt;= 0 means the default (ram). */
    SpecBuilder allocator(String n, List<String> provides, long below, long align) {
        SourceLocation l = next();
        allocators.add(new Allocator(
                n,
                l,
                allocators.size(),
                Backend.PAGES,
                refs(provides),
                below <= 0 ? ram : below,
                align <= 0 ? 4 * K : align));
        return this;
    }

    SpecBuilder allocator(String n, String... provides) {
        return allocator(n, List.of(provides), 0, 0);
    }

    SpecBuilder device(String n, int dmaBits, List<String> requires, List<String> forbids, long align) {
        SourceLocation l = next();
        devices.add(new Device(n, l, dmaBits, refs(requires), refs(forbids), align <= 0 ? 4 * K : align));
        return this;
    }

    SpecBuilder device(String n, int dmaBits, String... requires) {
        return device(n, dmaBits, List.of(requires), List.of(), 0);
    }

    SpecBuilder share(String n, String... devs) {
        SourceLocation l = next();
        shares.add(new Share(n, l, refs(List.of(devs))));
        return this;
    }

    /** Steps: "attach d", "map d", "unmap d", "detach d", "wait A.L", optionally "L: ..." first. */
    SpecBuilder flow(String n, String share, Object... actorsAndSteps) {
        SourceLocation fl = next();
        List<Actor> actors = new ArrayList<>();
        String actor = null;
        SourceLocation al = null;
        List<Step> steps = new ArrayList<>();
        for (Object o : actorsAndSteps) {
            String s = (String) o;
            if (s.startsWith("actor ")) {
                if (actor != null) {
                    actors.add(new Actor(actor, al, steps));
                }
                actor = s.substring(6).trim();
                al = next();
                steps = new ArrayList<>();
                continue;
            }
            SourceLocation sl = next();
            Optional<NameRef> label = Optional.empty();
            int colon = s.indexOf(':');
            if (colon > 0) {
                label = Optional.of(new NameRef(s.substring(0, colon).trim(), sl));
                s = s.substring(colon + 1).trim();
            }
            String[] w = s.split("\\s+");
            SourceLocation stepLoc = sl;
            if (w[0].equals("wait")) {
                String[] t = w[1].split("\\.");
                steps.add(new WaitStep(
                        new NameRef(t[0], loc(sl.line(), 10)), new NameRef(t[1], loc(sl.line(), 12)), label, stepLoc));
            } else {
                Operation op = Operation.valueOf(w[0].toUpperCase());
                steps.add(new DeviceStep(op, new NameRef(w[1], loc(sl.line(), 12)), label, stepLoc));
            }
        }
        if (actor != null) {
            actors.add(new Actor(actor, al, steps));
        }
        flows.add(new Flow(n, fl, new NameRef(share, fl), actors));
        return this;
    }

    Spec build() {
        return new Spec(
                name, loc(1, 1), ram, properties, allocators, devices, shares, flows, List.of(), 0, Optional.empty());
    }

    /** The example of the contract (language.md). */
    static Spec contractExample() {
        return spec("rpi4_camera")
                .ram(8 * G)
                .properties("contiguous", "cached", "secure")
                .allocator("cma_low", List.of("contiguous", "cached"), 1 * G, 1 * M)
                .allocator("dma32", List.of("cached"), 4 * G, 0)
                .allocator("system", List.of("cached"), 0, 0)
                .device("unicam", 30, List.of("contiguous"), List.of(), 0)
                .device("hvs", 30, List.of("contiguous"), List.of(), 4 * K)
                .device("v3d", 32, List.of(), List.of(), 0)
                .device("hevc", 32, List.of("contiguous"), List.of("secure"), 0)
                .share("preview", "unicam", "v3d", "hvs")
                .share("decode", "hevc", "hvs")
                .flow(
                        "preview_frame",
                        "preview",
                        "actor camera",
                        "attach unicam",
                        "wait compositor.ready",
                        "map unicam",
                        "unmap unicam",
                        "detach unicam",
                        "actor compositor",
                        "attach v3d",
                        "ready: attach hvs",
                        "map v3d",
                        "map hvs")
                .build();
    }
}
