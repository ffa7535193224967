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
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;

/**
 * Random valid specs for property tests: 0-3 properties, 1-4 allocators, 1-5 devices,
 * 1-3 shares, 0-2 flows of 1-4 actors with up to 3 device steps each (plus waits), labels and waits. Every
 * element gets its own line, so a (finding id, location) pair names one element.
 */
public final class RandomSpecs {
    private static final long K = 1024;
    private static final long[] BELOW = {256 * K * K, K * K * K, 4 * K * K * K, 8 * K * K * K};
    private static final long[] ALIGN = {4 * K, 64 * K, K * K};
    private static final int[] BITS = {24, 30, 32, 36, 64};

    private final Random rnd;
    private final int maxActors;
    private final int maxSteps;
    private final int waitRounds;
    private int line = 1;

    private RandomSpecs(long seed, int maxActors, int maxSteps, int waitRounds) {
        this.rnd = new Random(seed);
        this.maxActors = maxActors;
        this.maxSteps = maxSteps;
        this.waitRounds = waitRounds;
    }

    public static Spec generate(long seed) {
        return new RandomSpecs(seed, 4, 3, 1).spec();
    }

    /**
     * Wider flows: 1-6 actors with up to 6 device steps each (attach, map, unmap, detach
     * sequences with noise) and up to three waits per actor.
     */
    public static Spec generateWide(long seed) {
        return new RandomSpecs(seed, 6, 6, 3).spec();
    }

    private SourceLocation at() {
        return new SourceLocation("random.cen", line++, 1);
    }

    private Spec spec() {
        SourceLocation specLoc = at();
        long ram = BELOW[rnd.nextInt(BELOW.length)];
        List<Property> props = new ArrayList<>();
        int np = rnd.nextInt(4);
        for (int i = 0; i < np; i++) {
            props.add(new Property("p" + i, at()));
        }
        List<Allocator> allocators = new ArrayList<>();
        int na = 1 + rnd.nextInt(4);
        for (int i = 0; i < na; i++) {
            Backend b = Backend.values()[rnd.nextInt(3)];
            long below = rnd.nextInt(3) == 0 ? ram : BELOW[rnd.nextInt(BELOW.length)];
            allocators.add(new Allocator("a" + i, at(), i, b, subset(props), below, ALIGN[rnd.nextInt(ALIGN.length)]));
        }
        List<Device> devices = new ArrayList<>();
        int nd = 1 + rnd.nextInt(5);
        for (int i = 0; i < nd; i++) {
            List<NameRef> req = rnd.nextInt(3) == 0 ? subset(props) : List.of();
            List<NameRef> forb = rnd.nextInt(4) == 0 ? subset(props) : List.of();
            long align = rnd.nextInt(3) == 0 ? ALIGN[rnd.nextInt(ALIGN.length)] : 4 * K;
            devices.add(new Device("d" + i, at(), BITS[rnd.nextInt(BITS.length)], req, forb, align));
        }
        List<Share> shares = new ArrayList<>();
        int ns = 1 + rnd.nextInt(3);
        for (int i = 0; i < ns; i++) {
            List<NameRef> members = new ArrayList<>();
            for (Device d : devices) {
                if (rnd.nextInt(2) == 0) {
                    members.add(new NameRef(d.name(), at()));
                }
            }
            if (members.isEmpty()) {
                members.add(new NameRef(devices.get(rnd.nextInt(nd)).name(), at()));
            }
            shares.add(new Share("s" + i, at(), members));
        }
        List<Flow> flows = new ArrayList<>();
        int nf = rnd.nextInt(3);
        for (int i = 0; i < nf; i++) {
            flows.add(flow("f" + i, shares.get(rnd.nextInt(ns))));
        }
        return new Spec("random", specLoc, ram, props, allocators, devices, shares, flows);
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
        int nActors = 1 + rnd.nextInt(maxActors);
        List<List<Step>> bodies = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (int a = 0; a < nActors; a++) {
            List<Step> steps = new ArrayList<>();
            List<String> own = new ArrayList<>();
            int n = rnd.nextInt(maxSteps + 1);
            for (int s = 0; s < n; s++) {
                Optional<NameRef> label = Optional.empty();
                if (rnd.nextInt(3) == 0) {
                    String l = "l" + s;
                    own.add(l);
                    label = Optional.of(new NameRef(l, at()));
                }
                String dev = share.devices().get(rnd.nextInt(share.devices().size())).name();
                Operation op = pickOperation(s);
                steps.add(new DeviceStep(op, new NameRef(dev, at()), label, at()));
            }
            bodies.add(steps);
            labels.add(own);
        }
        // Waits on labels of other actors, inserted at random positions.
        for (int round = 0; round < waitRounds; round++) {
        for (int a = 0; a < nActors && nActors > 1; a++) {
            if (rnd.nextInt(2) == 0) {
                int other = (a + 1 + rnd.nextInt(nActors - 1)) % nActors;
                if (!labels.get(other).isEmpty()) {
                    String l = labels.get(other).get(rnd.nextInt(labels.get(other).size()));
                    List<Step> steps = bodies.get(a);
                    int pos = rnd.nextInt(steps.size() + 1);
                    steps.add(pos, new WaitStep(new NameRef("x" + other, at()), new NameRef(l, at()), Optional.empty(), at()));
                }
            }
        }
        }
        List<Actor> actors = new ArrayList<>();
        for (int a = 0; a < nActors; a++) {
            actors.add(new Actor("x" + a, at(), bodies.get(a)));
        }
        return new Flow(name, loc, new NameRef(share.name(), at()), actors);
    }

    /** Mostly well-formed sequences (attach, map, unmap, detach, then again) with some noise. */
    private Operation pickOperation(int position) {
        if (rnd.nextInt(4) == 0) {
            return Operation.values()[rnd.nextInt(4)];
        }
        return Operation.values()[position % 4];
    }
}
