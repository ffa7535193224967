package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.censpec.model.Spec;

/**
 * Generated boards for measurements: N devices, F flows on 2-4-device shares. In a flow, actor
 * a0 attaches every device of the share (the last attach is labelled ready) and maps its own;
 * every other actor waits for a0.ready, maps, unmaps and (if the flow stays within 16 steps)
 * detaches its device. A buggy flow drops one actor's wait (map-before-attach or worse) or
 * uses devices with no common allocator. With buggy = 0 every flow passes.
 */
final class BoardGenerator {
    private BoardGenerator() {}

    static Spec board(int devices, int flows, long seed, double buggy) {
        Random rnd = new Random(seed);
        SpecBuilder b = SpecBuilder.spec("board" + devices + "_" + flows);
        String[] props = {"contiguous", "cached", "secure", "uncached", "coherent", "wc", "protected", "zeroed"};
        b.properties(props);
        long G = SpecBuilder.G, M = SpecBuilder.M;
        b.allocator("cma_low", List.of("contiguous", "cached", "coherent"), 1 * G, 1 * M);
        b.allocator("cma_wc", List.of("contiguous", "wc"), 2 * G, 64 * 1024);
        b.allocator("secure_heap", List.of("contiguous", "secure", "protected"), 4 * G, 1 * M);
        b.allocator("dma32", List.of("cached", "coherent"), 4 * G, 0);
        b.allocator("uncached", List.of("uncached", "zeroed"), 4 * G, 0);
        b.allocator("system", List.of("cached", "coherent", "zeroed"), 0, 0);
        List<String> easy = new ArrayList<>(); // devices that accept system (so any set of them shares it)
        for (int i = 0; i < devices; i++) {
            int bits = new int[] {30, 31, 32, 32, 36, 40, 64}[rnd.nextInt(7)];
            List<String> req = new ArrayList<>();
            if (rnd.nextInt(3) == 0) {
                req.add("contiguous");
            }
            if (rnd.nextInt(4) == 0) {
                req.add("cached");
            }
            List<String> forb = new ArrayList<>();
            if (rnd.nextInt(5) == 0) {
                forb.add("secure");
            }
            boolean bigAlign = rnd.nextInt(6) == 0;
            b.device("d" + i, bits, req, forb, bigAlign ? 64 * 1024 : 0);
            if (bits >= 34 && !req.contains("contiguous") && !bigAlign) {
                easy.add("d" + i);
            }
        }
        for (int f = 0; f < flows; f++) {
            boolean bug = rnd.nextDouble() < buggy;
            int nd = 2 + rnd.nextInt(3);
            List<String> pool = bug || easy.size() < nd ? allDevices(devices) : easy;
            List<String> devs = new ArrayList<>();
            while (devs.size() < nd) {
                String d = pool.get(rnd.nextInt(pool.size()));
                if (!devs.contains(d)) {
                    devs.add(d);
                }
            }
            b.share("s" + f, devs.toArray(String[]::new));
            List<Object> steps = new ArrayList<>();
            steps.add("actor a0");
            for (int i = 0; i < nd; i++) {
                steps.add((i == nd - 1 ? "ready: " : "") + "attach " + devs.get(i));
            }
            steps.add("map " + devs.get(0));
            int total = nd + 1;
            int buggyActor = bug ? 1 + rnd.nextInt(nd - 1) : -1;
            for (int a = 1; a < nd; a++) {
                steps.add("actor a" + a);
                if (a != buggyActor) {
                    steps.add("wait a0.ready");
                    total++;
                }
                steps.add("map " + devs.get(a));
                steps.add("unmap " + devs.get(a));
                total += 2;
                if (total + 1 + 3 * (nd - 1 - a) <= 16) {
                    steps.add("detach " + devs.get(a));
                    total++;
                }
            }
            b.flow("f" + f, "s" + f, steps.toArray());
        }
        return b.build();
    }

    private static List<String> allDevices(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("d" + i);
        }
        return out;
    }
}
