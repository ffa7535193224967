import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the synthetic specs of the benchmark (deterministic: the same arguments give the same file).
 *
 * <pre>
 * java bench/BoardGenerator.java board DEVICES ALLOCATORS PROPERTIES FLOWS OUT.cen [--no-release] [--buggy PERCENT]
 * java bench/BoardGenerator.java wide ACTORS DEVICES_PER_ACTOR OUT.cen
 * java bench/BoardGenerator.java long ACTORS STEPS_PER_ACTOR OUT.cen
 * java bench/BoardGenerator.java worst FLOWS OUT.cen
 * </pre>
 *
 * {@code board}: DEVICES devices, ALLOCATORS allocators (priority order; the last one, {@code system},
 * is plain pages below the whole RAM), PROPERTIES properties and FLOWS flows, each on its own share of
 * 2-5 devices (whose devices have an allocator in common). In a flow each actor attaches its device,
 * waits for every other actor's attach, then maps, unmaps and detaches it (about 20 steps a flow);
 * {@code --no-release} leaves out the unmap and detach. With {@code --buggy PERCENT}, that share of
 * the flows has its first actor map before waiting (attach-after-map or late-attach findings).
 *
 * <p>{@code wide}: one flow of ACTORS actors, each with its own DEVICES_PER_ACTOR devices: it attaches
 * them, waits for every other actor's last attach, then maps, unmaps and detaches them all
 * (4 x ACTORS x DEVICES_PER_ACTOR device steps; the flow passes).
 *
 * <p>{@code long}: one flow of ACTORS actors of exactly STEPS_PER_ACTOR steps each, every actor on a device
 * of its own: it attaches it, waits for every other actor's attach, maps and unmaps it as often as fits,
 * detaches it, and fills the rest with waits on other actors' attach (16 x 32 = 512 steps, the most a
 * flow may have; the flow passes).
 *
 * <p>{@code worst}: the costliest spec the size limits admit that issue 29 found (docs/hostile-input.md):
 * 16 devices of mixed reach and requirements on one share, 3 allocators, and FLOWS copies of one flow of
 * 16 actors, each attaching, mapping, unmapping and detaching its own device (every order of attaches
 * and maps is a different buffer state: too many states for either engine to judge in a minute).
 */
public final class BoardGenerator {
    private static final long G = 1L << 30;
    private static final String[] BELOW = {"1G", "4G", "16G"};
    private static final long[] BELOW_BYTES = {G, 4 * G, 16 * G};
    private static final String[] ALIGN = {"4K", "64K", "1M"};
    private static final long[] ALIGN_BYTES = {4096, 65536, 1 << 20};
    private static final int[] BITS = {32, 36, 40, 64};

    private record Alloc(String name, List<Integer> provides, int below, int align) {
    }

    private record Dev(String name, int bits, int requires, int forbids, int align) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 4 && args[0].equals("wide")) {
            wide(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        } else if (args.length >= 4 && args[0].equals("long")) {
            longFlow(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        } else if (args.length >= 3 && args[0].equals("worst")) {
            worst(Integer.parseInt(args[1]), Path.of(args[2]));
        } else if (args.length >= 6 && args[0].equals("board")) {
            boolean release = true;
            int buggy = 0;
            for (int i = 6; i < args.length; i++) {
                if (args[i].equals("--no-release")) {
                    release = false;
                } else if (args[i].equals("--buggy") && i + 1 < args.length) {
                    buggy = Integer.parseInt(args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            board(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Path.of(args[5]), release, buggy);
        } else {
            System.err.println("usage: BoardGenerator board DEVICES ALLOCATORS PROPERTIES FLOWS OUT.cen"
                    + " [--no-release] [--buggy PERCENT] | wide ACTORS DEVICES_PER_ACTOR OUT.cen"
                    + " | long ACTORS STEPS_PER_ACTOR OUT.cen | worst FLOWS OUT.cen");
            System.exit(2);
        }
    }

    private static void worst(int flows, Path out) throws IOException {
        StringBuilder sb = new StringBuilder("spec worst;\nram 4G;\nproperty contiguous;\nproperty low;\n");
        sb.append("allocator cma { backend contiguous; provides contiguous, low; below 1G; }\n")
                .append("allocator dma32 { backend pages; provides low; below 4G; }\n")
                .append("allocator sys { backend pages; }\n");
        String[] requires = {" requires contiguous;", " requires low;", ""};
        StringBuilder share = new StringBuilder("share s {");
        for (int d = 0; d < 16; d++) {
            sb.append("device d").append(d).append(" { dma_bits ").append(d % 2 == 0 ? 30 : 32).append(';')
                    .append(requires[d % 3]).append(" }\n");
            share.append(d == 0 ? " d" : ", d").append(d);
        }
        sb.append(share).append(" }\n");
        for (int f = 0; f < flows; f++) {
            sb.append("flow f").append(f).append(" on s {\n");
            for (int a = 0; a < 16; a++) {
                sb.append("  actor a").append(a).append(" { attach d").append(a).append("; map d").append(a)
                        .append("; unmap d").append(a).append("; detach d").append(a).append("; }\n");
            }
            sb.append("}\n");
        }
        Files.writeString(out, sb.toString());
    }

    private static boolean accepts(Dev d, Alloc a) {
        if (d.requires >= 0 && !a.provides.contains(d.requires)) {
            return false;
        }
        if (d.forbids >= 0 && a.provides.contains(d.forbids)) {
            return false;
        }
        return (d.bits >= 63 || BELOW_BYTES[a.below] <= (1L << d.bits)) && ALIGN_BYTES[a.align] >= ALIGN_BYTES[d.align];
    }

    private static void board(int devices, int allocators, int properties, int flows, Path out, boolean release,
                              int buggyPercent) throws IOException {
        Random rnd = new Random(devices * 1_000_003L + allocators * 1009L + properties * 31L + flows);
        StringBuilder sb = new StringBuilder();
        sb.append("// Synthetic board: ").append(devices).append(" devices, ").append(allocators).append(" allocators, ")
                .append(properties).append(" properties, ").append(flows).append(" flows")
                .append(release ? "" : " (no unmap/detach)").append(buggyPercent > 0 ? ", " + buggyPercent + "% buggy" : "")
                .append(".\n");
        sb.append("spec board_").append(devices).append('_').append(allocators).append('_').append(flows)
                .append(";\nram 16G;\n");
        for (int p = 0; p < properties; p++) {
            sb.append("property p").append(p).append(";\n");
        }
        List<Alloc> allocs = allocators(rnd, sb, allocators, properties);
        List<Dev> devs = devices(rnd, sb, devices, properties, allocs);
        for (int f = 0; f < flows; f++) {
            flow(rnd, sb, f, devs, allocs, release, f * 100 < flows * buggyPercent);
        }
        Files.writeString(out, sb.toString());
    }

    private static List<Alloc> allocators(Random rnd, StringBuilder sb, int allocators, int properties) {
        List<Alloc> allocs = new ArrayList<>();
        for (int a = 0; a < allocators; a++) {
            boolean last = a == allocators - 1;
            List<Integer> provides = new ArrayList<>();
            int n = last ? 0 : 1 + rnd.nextInt(Math.min(4, Math.max(1, properties)));
            while (provides.size() < Math.min(n, properties)) {
                int p = rnd.nextInt(properties);
                if (!provides.contains(p)) {
                    provides.add(p);
                }
            }
            Alloc al = new Alloc(last ? "system" : "pool" + a, provides, last ? 2 : rnd.nextInt(3), last ? 0 : rnd.nextInt(3));
            allocs.add(al);
            sb.append("allocator ").append(al.name).append(" { backend ")
                    .append(last ? "pages" : rnd.nextBoolean() ? "contiguous" : "pages_dma32").append(';');
            if (!provides.isEmpty()) {
                sb.append(" provides ");
                for (int i = 0; i < provides.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append('p').append(provides.get(i));
                }
                sb.append(';');
            }
            sb.append(" below ").append(BELOW[al.below]).append("; align ").append(ALIGN[al.align]).append("; }\n");
        }
        return allocs;
    }

    private static List<Dev> devices(Random rnd, StringBuilder sb, int devices, int properties, List<Alloc> allocs) {
        List<Dev> devs = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            Dev d;
            do {
                int kind = rnd.nextInt(4);
                d = new Dev("d" + i, BITS[rnd.nextInt(BITS.length)], kind == 0 && properties > 0 ? rnd.nextInt(properties) : -1,
                        kind == 1 && properties > 0 ? rnd.nextInt(properties) : -1, rnd.nextInt(4) == 0 ? 1 : 0);
            } while (!acceptsAny(d, allocs));
            devs.add(d);
            sb.append("device ").append(d.name).append(" { dma_bits ").append(d.bits).append(';');
            if (d.requires >= 0) {
                sb.append(" requires p").append(d.requires).append(';');
            }
            if (d.forbids >= 0) {
                sb.append(" forbids p").append(d.forbids).append(';');
            }
            if (d.align > 0) {
                sb.append(" align ").append(ALIGN[d.align]).append(';');
            }
            sb.append(" }\n");
        }
        return devs;
    }

    private static void flow(Random rnd, StringBuilder sb, int f, List<Dev> devs, List<Alloc> allocs,
                             boolean release, boolean buggy) {
        int devices = devs.size();
        int nActors = 2 + rnd.nextInt(4);
        List<Integer> members = new ArrayList<>();
        while (members.size() < nActors) {
            int d = rnd.nextInt(devices);
            if (!members.contains(d) && common(members, d, devs, allocs)) {
                members.add(d);
            }
        }
        sb.append("share sh").append(f).append(" {");
        for (int i = 0; i < members.size(); i++) {
            sb.append(i == 0 ? " " : ", ").append('d').append(members.get(i));
        }
        sb.append(" }\n");
        sb.append("flow f").append(f).append(" on sh").append(f).append(" {\n");
        for (int a = 0; a < nActors; a++) {
            String dev = "d" + members.get(a);
            sb.append("    actor a").append(a).append(" { up: attach ").append(dev).append(';');
            if (buggy && a == 0) {
                sb.append(" map ").append(dev).append("; unmap ").append(dev).append(';');
            }
            for (int b = 0; b < nActors; b++) {
                if (b != a) {
                    sb.append(" wait a").append(b).append(".up;");
                }
            }
            sb.append(" map ").append(dev).append(';');
            if (release) {
                sb.append(" unmap ").append(dev).append("; detach ").append(dev).append(';');
            }
            sb.append(" }\n");
        }
        sb.append("}\n");
    }

    private static boolean acceptsAny(Dev d, List<Alloc> allocs) {
        return allocs.stream().anyMatch(a -> accepts(d, a));
    }

    /** Whether the devices {@code members} plus {@code d} still accept some allocator in common. */
    private static boolean common(List<Integer> members, int d, List<Dev> devs, List<Alloc> allocs) {
        for (Alloc a : allocs) {
            boolean all = accepts(devs.get(d), a);
            for (int m : members) {
                all &= accepts(devs.get(m), a);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /**
     * The board of the single-flow specs: four allocators, ACTORS x PER_ACTOR devices {@code d<a>_<k>} in one
     * share, and the flow's opening line.
     */
    private static StringBuilder pipeline(String what, String name, int actors, int perActor) {
        StringBuilder sb = new StringBuilder();
        sb.append("// One ").append(what).append(".\n");
        sb.append("spec ").append(name).append(";\nram 8G;\n");
        sb.append("property contiguous;\nproperty cached;\n");
        sb.append("allocator cma_low { backend contiguous; provides contiguous, cached; below 1G; align 1M; }\n");
        sb.append("allocator cma { backend contiguous; provides contiguous, cached; below 4G; }\n");
        sb.append("allocator dma32 { backend pages_dma32; provides cached; below 4G; }\n");
        sb.append("allocator system { backend pages; provides cached; }\n");
        List<String> all = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            for (int k = 0; k < perActor; k++) {
                String d = "d" + a + "_" + k;
                all.add(d);
                sb.append("device ").append(d).append(" { dma_bits ").append(k % 2 == 0 ? 32 : 40).append(';')
                        .append(a % 3 == 0 ? " requires cached;" : "").append(" }\n");
            }
        }
        sb.append("share pipeline { ").append(String.join(", ", all)).append(" }\n");
        sb.append("flow frame on pipeline {\n");
        return sb;
    }

    private static void wide(int actors, int perActor, Path out) throws IOException {
        StringBuilder sb = pipeline("wide flow: " + actors + " actors x " + perActor + " devices",
                "wide_" + actors + "x" + perActor, actors, perActor);
        for (int a = 0; a < actors; a++) {
            sb.append("    actor a").append(a).append(" {");
            for (int k = 0; k < perActor; k++) {
                sb.append(k == perActor - 1 ? " up: attach " : " attach ").append("d").append(a).append('_').append(k).append(';');
            }
            for (int b = 0; b < actors; b++) {
                if (b != a) {
                    sb.append(" wait a").append(b).append(".up;");
                }
            }
            for (String op : List.of("map", "unmap", "detach")) {
                for (int k = 0; k < perActor; k++) {
                    sb.append(' ').append(op).append(" d").append(a).append('_').append(k).append(';');
                }
            }
            sb.append(" }\n");
        }
        sb.append("}\n");
        Files.writeString(out, sb.toString());
    }

    private static void longFlow(int actors, int stepsPerActor, Path out) throws IOException {
        StringBuilder sb = pipeline("long flow: " + actors + " actors x " + stepsPerActor + " steps",
                "long_" + actors + "x" + stepsPerActor, actors, 1);
        for (int a = 0; a < actors; a++) {
            String dev = "d" + a + "_0";
            List<String> steps = new ArrayList<>(List.of("up: attach " + dev));
            for (int b = 0; b < actors; b++) {
                if (b != a) {
                    steps.add("wait a" + b + ".up");
                }
            }
            while (steps.size() + 3 <= stepsPerActor) {
                steps.addAll(List.of("map " + dev, "unmap " + dev));
            }
            steps.add("detach " + dev);
            for (int b = 1; steps.size() < stepsPerActor; b++) {
                steps.add("wait a" + (a + b) % actors + ".up");
            }
            sb.append("    actor a").append(a).append(" { ").append(String.join("; ", steps)).append("; }\n");
        }
        sb.append("}\n");
        Files.writeString(out, sb.toString());
    }
}
