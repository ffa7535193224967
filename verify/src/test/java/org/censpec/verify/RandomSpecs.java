package org.censpec.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Operation;
import org.censpec.model.Property;
import org.censpec.model.Rule;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.Suppression;
import org.censpec.model.WaitStep;
import org.censpec.model.rules.SemanticRules;

/**
 * Random valid specs for property tests: RAM at 0 or 1G, 0-3 properties, 1-4 allocators (some
 * protected, some with a size), 1-5 devices (some behind an IOMMU, some protected),
 * 1-3 shares (some with max_size), 0-2 flows of 1-4 actors with up to 3 device steps each,
 * labels and waits (half of the waits labelled, so waits on waits and chains of them occur).
 * Every element gets its own line, so a (finding id, location) pair names one element.
 * {@link #generateMixed} adds boundary values, suppressions and wide flows;
 * {@link #generateCrowded} flows of up to 16 actors.
 */
public final class RandomSpecs {
    private static final long K = 1024;
    private static final long[] BELOW = {256 * K * K, K * K * K, 4 * K * K * K, 8 * K * K * K};
    private static final long[] ALIGN = {4 * K, 64 * K, K * K};
    private static final int[] BITS = {24, 30, 32, 36, 64};
    private static final long[] SIZE = {4 * K * K, 16 * K * K, 256 * K * K, 2 * K * K * K};

    /** Boundary dma_bits: the smallest and largest, and the reaches that equal a bound above. */
    private static final int[] EDGE_BITS = {1, 2, 12, 24, 28, 30, 31, 32, 33, 34, 40, 48, 62, 63, 64};

    private static final long[] EDGE_ALIGN = {4 * K, 8 * K, 64 * K, K * K, 2 * K * K};

    /** What {@link #generateMixed} made of a seed. */
    public enum Mode {
        /** {@link #generate}. */
        BASIC,
        /** Basic sizes with boundary values and suppressions. */
        BOUNDARY,
        /** {@link #generateWide} sizes with boundary values and suppressions. */
        WIDE,
        /** {@link #generateCrowded} flows (8-16 actors) with boundary values and suppressions. */
        CROWDED
    }

    /**
     * How large the generated flows are: actors per flow, device steps per actor, rounds of waits, whether
     * values sit on boundaries, and whether each actor drives a device of its own (crowded flows).
     */
    private record Shape(int minActors, int maxActors, int maxSteps, int waitRounds, boolean edges, boolean crowd) {}

    private static final Shape BASIC_SHAPE = new Shape(1, 4, 3, 1, false, false);
    private static final Shape WIDE_SHAPE = new Shape(1, 6, 6, 3, false, false);

    private final Random rnd;
    private final Shape shape;
    private final boolean edges;
    private final List<Long> reaches = new ArrayList<>();
    private int line = 1;

    private RandomSpecs(long seed, Shape shape) {
        this.rnd = new Random(seed);
        this.shape = shape;
        this.edges = shape.edges();
    }

    public static Spec generate(long seed) {
        return new RandomSpecs(seed, BASIC_SHAPE).spec();
    }

    /** The mode {@link #generateMixed} uses for {@code seed}: 55 % basic, 30 % boundary, 10 % wide, 5 % crowded. */
    public static Mode mode(long seed) {
        int m = Math.floorMod(Long.hashCode(seed * 0x9E3779B97F4A7C15L), 20);
        return m < 11 ? Mode.BASIC : m < 17 ? Mode.BOUNDARY : m < 19 ? Mode.WIDE : Mode.CROWDED;
    }

    /**
     * The long agreement run's generator: {@link #mode} picks basic specs, basic-sized specs with
     * boundary values (dma_bits 1 to 64, an allocator's {@code below} equal to a device's reach
     * or to the RAM, alignments equal between devices and allocators) and 0-3 suppressions
     * (used, unused, on an element or not), or wide or crowded flows with the same.
     */
    public static Spec generateMixed(long seed) {
        return switch (mode(seed)) {
            case BASIC -> generate(seed);
            case BOUNDARY -> new RandomSpecs(seed, new Shape(1, 4, 3, 1, true, false)).spec();
            case WIDE -> new RandomSpecs(seed, new Shape(1, 6, 6, 3, true, false)).spec();
            case CROWDED -> new RandomSpecs(seed, new Shape(8, 16, 4, 2, true, true)).spec();
        };
    }

    /**
     * Wider flows: 1-6 actors with up to 6 device steps each (attach, map, unmap, detach
     * sequences with noise) and up to three waits per actor.
     */
    public static Spec generateWide(long seed) {
        return new RandomSpecs(seed, WIDE_SHAPE).spec();
    }

    /**
     * Crowded flows, as many actors as the language allows: {@code minActors}-16 actors per flow, 6-17 devices
     * in one share, each actor mostly driving a device of its own with up to 4 device steps, two rounds of
     * waits (labelled waits, waits on them, and chains of those included).
     */
    public static Spec generateCrowded(long seed, int minActors) {
        return new RandomSpecs(seed, new Shape(minActors, 16, 4, 2, false, true)).spec();
    }

    private SourceLocation at() {
        return new SourceLocation("random.cen", line++, 1);
    }

    private Spec spec() {
        SourceLocation specLoc = at();
        long ram = BELOW[rnd.nextInt(BELOW.length)];
        long base = rnd.nextInt(4) == 0 ? K * K * K : 0;
        List<Property> props = new ArrayList<>();
        int np = rnd.nextInt(4);
        for (int i = 0; i < np; i++) {
            props.add(new Property("p" + i, at()));
        }
        if (edges) {
            for (int bits : EDGE_BITS) {
                if (bits < 63 && (1L << bits) > base) {
                    reaches.add(1L << bits);
                }
            }
        }
        List<Allocator> allocators = new ArrayList<>();
        int na = 1 + rnd.nextInt(4);
        for (int i = 0; i < na; i++) {
            Backend b = Backend.values()[rnd.nextInt(3)];
            long below = edges && rnd.nextBoolean()
                    ? reaches.get(rnd.nextInt(reaches.size()))
                    : base + (rnd.nextInt(3) == 0 ? ram : BELOW[rnd.nextInt(BELOW.length)]);
            Optional<Long> size = rnd.nextInt(3) == 0 ? Optional.of(SIZE[rnd.nextInt(SIZE.length)]) : Optional.empty();
            allocators.add(new Allocator(
                    "a" + i, at(), i, b, subset(props), below, align(), rnd.nextInt(5) == 0, Optional.empty(), size));
        }
        List<Device> devices = new ArrayList<>();
        int nd = shape.crowd() ? 6 + rnd.nextInt(12) : 1 + rnd.nextInt(5);
        for (int i = 0; i < nd; i++) {
            int rare = shape.crowd() ? 3 : 1; // crowded flows: devices that mostly share an allocator
            List<NameRef> req = rnd.nextInt(3 * rare) == 0 ? subset(props) : List.of();
            List<NameRef> forb = rnd.nextInt(4 * rare) == 0 ? subset(props) : List.of();
            long align = rnd.nextInt(3) == 0 ? align() : 4 * K;
            int bits = edges
                    ? (rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(64) : EDGE_BITS[rnd.nextInt(EDGE_BITS.length)])
                    : BITS[rnd.nextInt(BITS.length)];
            devices.add(new Device(
                    "d" + i, at(), bits, req, forb, align, rnd.nextInt(4) == 0, rnd.nextInt(4) == 0, List.of()));
        }
        List<Share> shares = new ArrayList<>();
        int ns = 1 + rnd.nextInt(3);
        for (int i = 0; i < ns; i++) {
            List<NameRef> members = new ArrayList<>();
            for (Device d : devices) {
                if (shape.crowd() || rnd.nextInt(2) == 0) {
                    members.add(new NameRef(d.name(), at()));
                }
            }
            if (members.isEmpty()) {
                members.add(new NameRef(devices.get(rnd.nextInt(nd)).name(), at()));
            }
            Optional<Long> maxSize =
                    rnd.nextInt(3) == 0 ? Optional.of(SIZE[rnd.nextInt(SIZE.length)]) : Optional.empty();
            shares.add(new Share("s" + i, at(), members, maxSize));
        }
        List<Flow> flows = new ArrayList<>();
        int nf = shape.crowd() ? 1 + rnd.nextInt(2) : rnd.nextInt(3);
        for (int i = 0; i < nf; i++) {
            flows.add(flow("f" + i, shares.get(rnd.nextInt(ns))));
        }
        List<Suppression> suppressions = edges ? suppressions(allocators, devices, shares, flows) : List.of();
        return new Spec(
                "random",
                specLoc,
                ram,
                props,
                allocators,
                devices,
                shares,
                flows,
                suppressions,
                base,
                Optional.empty());
    }

    private long align() {
        return edges ? EDGE_ALIGN[rnd.nextInt(EDGE_ALIGN.length)] : ALIGN[rnd.nextInt(ALIGN.length)];
    }

    /** 0-3 suppressions of semantic rules, half of them on an element (of any kind). */
    private List<Suppression> suppressions(
            List<Allocator> allocators, List<Device> devices, List<Share> shares, List<Flow> flows) {
        List<String> names = new ArrayList<>();
        allocators.forEach(a -> names.add(a.name()));
        devices.forEach(d -> names.add(d.name()));
        shares.forEach(s -> names.add(s.name()));
        flows.forEach(f -> names.add(f.name()));
        List<Rule> rules = SemanticRules.all();
        List<Suppression> out = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            String id = rules.get(rnd.nextInt(rules.size())).id();
            SourceLocation loc = at();
            Optional<NameRef> on = rnd.nextBoolean()
                    ? Optional.empty()
                    : Optional.of(new NameRef(names.get(rnd.nextInt(names.size())), loc));
            out.add(new Suppression(id, on, "random reason " + i, loc));
        }
        return out;
    }

    private List<NameRef> subset(List<Property> props) {
        List<NameRef> out = new ArrayList<>();
        for (Property p : props) {
            if (rnd.nextBoolean()) {
                out.add(new NameRef(p.name(), at()));
            }
        }
        return out;
    }

    private Flow flow(String name, Share share) {
        SourceLocation loc = at();
        int nActors = shape.minActors() + rnd.nextInt(shape.maxActors() - shape.minActors() + 1);
        List<List<Step>> bodies = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (int a = 0; a < nActors; a++) {
            List<String> own = new ArrayList<>();
            bodies.add(deviceSteps(share, a, own));
            labels.add(own);
        }
        for (int round = 0; round < shape.waitRounds(); round++) {
            waits(round, bodies, labels);
        }
        List<Actor> actors = new ArrayList<>();
        for (int a = 0; a < nActors; a++) {
            actors.add(new Actor("x" + a, at(), bodies.get(a)));
        }
        return new Flow(name, loc, new NameRef(share.name(), at()), actors);
    }

    /** One actor's device steps, some labelled (their labels added to {@code own}). */
    private List<Step> deviceSteps(Share share, int actor, List<String> own) {
        List<Step> steps = new ArrayList<>();
        int n = rnd.nextInt(shape.maxSteps() + 1);
        // with edges, an actor mostly drives one device, so flows reach allocation and late attaches;
        // in a crowded flow that device is its own
        List<NameRef> devs = share.devices();
        String mine = (shape.crowd() ? devs.get(actor % devs.size()) : devs.get(rnd.nextInt(devs.size()))).name();
        for (int s = 0; s < n; s++) {
            Optional<NameRef> label = Optional.empty();
            if (rnd.nextInt(3) == 0) {
                String l = "l" + s;
                own.add(l);
                label = Optional.of(new NameRef(l, at()));
            }
            String dev = (edges || shape.crowd()) && rnd.nextInt(5) != 0
                    ? mine
                    : devs.get(rnd.nextInt(devs.size())).name();
            steps.add(new DeviceStep(pickOperation(s), new NameRef(dev, at()), label, at()));
        }
        return steps;
    }

    /**
     * One round of waits on labels of other actors, inserted at random positions. Half of them are labelled
     * themselves, so later waits (of this round or the next) can wait on a wait, and chains of them form.
     */
    private void waits(int round, List<List<Step>> bodies, List<List<String>> labels) {
        int nActors = bodies.size();
        for (int a = 0; a < nActors && nActors > 1; a++) {
            if (rnd.nextInt(2) == 0) {
                int other = (a + 1 + rnd.nextInt(nActors - 1)) % nActors;
                if (!labels.get(other).isEmpty()) {
                    String l =
                            labels.get(other).get(rnd.nextInt(labels.get(other).size()));
                    List<Step> steps = bodies.get(a);
                    int pos = rnd.nextInt(steps.size() + 1);
                    Optional<NameRef> label = Optional.empty();
                    if (rnd.nextBoolean()) {
                        String w = "w" + round + "_" + pos;
                        if (!labels.get(a).contains(w)) {
                            labels.get(a).add(w);
                            label = Optional.of(new NameRef(w, at()));
                        }
                    }
                    steps.add(pos, new WaitStep(new NameRef("x" + other, at()), new NameRef(l, at()), label, at()));
                }
            }
        }
    }

    /** Mostly well-formed sequences (attach, map, unmap, detach, then again) with some noise. */
    private Operation pickOperation(int position) {
        if (rnd.nextInt(4) == 0) {
            return Operation.values()[rnd.nextInt(4)];
        }
        return Operation.values()[position % 4];
    }
}
