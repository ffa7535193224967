package org.censpec.verify.alloy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Finding;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.junit.jupiter.api.Test;

/**
 * Random boards: the static findings equal a brute-force oracle that uses the first definition of
 * allocator.unused in semantics.md (enumerate every non-empty subset X of every share and take
 * top of the intersection of their masks), while the model uses the equivalent per-allocator form.
 */
class RandomStaticOracleTest {
    static final long K = 1024, M = K * K, G = M * K;

    @Test
    void staticFindingsAgreeWithBruteForce() {
        Random rnd = new Random(4711);
        String[] props = {"p0", "p1", "p2", "p3"};
        long[] sizes = {4 * K, 64 * K, 1 * M, 2 * M};
        long[] belows = {0, 1 * G, 2 * G, 4 * G, 16 * G};
        int[] bits = {29, 30, 31, 32, 33, 36, 40, 64};
        for (int round = 0; round < 40; round++) {
            SpecBuilder b = SpecBuilder.spec("r" + round).ram(8 * G).properties(props);
            int na = 1 + rnd.nextInt(5);
            for (int a = 0; a < na; a++) {
                b.allocator(
                        "a" + a,
                        pick(rnd, props),
                        belows[rnd.nextInt(belows.length)],
                        rnd.nextBoolean() ? 0 : sizes[rnd.nextInt(sizes.length)]);
            }
            int nd = 1 + rnd.nextInt(6);
            for (int d = 0; d < nd; d++) {
                List<String> req = pick(rnd, props);
                List<String> forb = new ArrayList<>(pick(rnd, props));
                forb.removeAll(req);
                if (rnd.nextBoolean()) {
                    forb.clear();
                }
                b.device(
                        "d" + d,
                        bits[rnd.nextInt(bits.length)],
                        rnd.nextBoolean() ? List.of() : req,
                        forb,
                        rnd.nextInt(3) == 0 ? sizes[rnd.nextInt(sizes.length)] : 0);
            }
            int ns = rnd.nextInt(4);
            for (int s = 0; s < ns; s++) {
                List<String> members = new ArrayList<>();
                for (int d = 0; d < nd; d++) {
                    if (rnd.nextInt(2) == 0) {
                        members.add("d" + d);
                    }
                }
                b.share("s" + s, members.toArray(String[]::new));
            }
            Spec spec = b.build();
            Set<String> alloy = new TreeSet<>();
            for (Finding f : new AlloyChecker().check(spec, Duration.ofSeconds(60))) {
                alloy.add(f.id() + "@" + f.loc().line());
            }
            assertEquals(oracle(spec), alloy, "round " + round);
        }
    }

    private static List<String> pick(Random rnd, String[] from) {
        List<String> out = new ArrayList<>();
        for (String p : from) {
            if (rnd.nextInt(3) == 0) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean accepts(Device d, Allocator a) {
        return d.requires().stream().allMatch(p -> a.provides(p.name()))
                && d.forbids().stream().noneMatch(p -> a.provides(p.name()))
                && d.reachesBelow(a.below())
                && a.align() >= d.align();
    }

    private static Set<String> oracle(Spec spec) {
        Set<String> out = new TreeSet<>();
        for (Device d : spec.devices()) {
            if (spec.allocators().stream().noneMatch(a -> accepts(d, a))) {
                out.add("device.unsatisfiable@" + d.loc().line());
            }
        }
        Set<String> used = new TreeSet<>();
        for (Share s : spec.shares()) {
            List<Device> ds = s.devices().stream()
                    .map(r -> spec.device(r.name()).orElseThrow())
                    .toList();
            if (spec.allocators().stream().noneMatch(a -> ds.stream().allMatch(d -> accepts(d, a)))) {
                out.add("share.empty-intersection@" + s.loc().line());
            }
            for (int mask = 1; mask < (1 << ds.size()); mask++) {
                List<Device> x = new ArrayList<>();
                for (int i = 0; i < ds.size(); i++) {
                    if ((mask & (1 << i)) != 0) {
                        x.add(ds.get(i));
                    }
                }
                spec.allocators().stream()
                        .filter(a -> x.stream().allMatch(d -> accepts(d, a)))
                        .findFirst()
                        .ifPresent(a -> used.add(a.name()));
            }
        }
        for (Allocator a : spec.allocators()) {
            if (!used.contains(a.name())) {
                out.add("allocator.unused@" + a.loc().line());
            }
        }
        return out;
    }
}
