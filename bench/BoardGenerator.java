import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a synthetic board spec for the benchmark: DEVICES devices, FLOWS flows of two or
 * three actors and up to 16 steps each, where every actor attaches, waits for the others
 * to attach, then maps (the pattern the checkers must prove safe).
 * With BUGGY_PERCENT, that share of the flows has its first actor map before waiting for
 * the others (attach-after-map or late-attach findings, one re-solve each).
 * Usage: java bench/BoardGenerator.java DEVICES FLOWS OUT.cen [BUGGY_PERCENT]
 */
public final class BoardGenerator {
    public static void main(String[] args) throws IOException {
        int devices = Integer.parseInt(args[0]);
        int flows = Integer.parseInt(args[1]);
        int buggyPercent = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Random rnd = new Random(devices * 1000L + flows);
        StringBuilder sb = new StringBuilder();
        sb.append("// Synthetic board: ").append(devices).append(" devices, ").append(flows).append(" flows.\n");
        sb.append("spec board_").append(devices).append('_').append(flows).append(";\nram 8G;\n");
        String[] props = {"contiguous", "cached", "secure", "uncached"};
        for (String p : props) {
            sb.append("property ").append(p).append(";\n");
        }
        sb.append("allocator cma_low { backend contiguous; provides contiguous, cached; below 1G; align 1M; }\n");
        sb.append("allocator cma { backend contiguous; provides contiguous, cached; below 4G; align 64K; }\n");
        sb.append("allocator secure_pool { backend contiguous; provides contiguous, secure; below 4G; }\n");
        sb.append("allocator dma32 { backend pages_dma32; provides cached; below 4G; }\n");
        sb.append("allocator wc { backend pages; provides uncached; }\n");
        sb.append("allocator system { backend pages; provides cached; }\n");
        int[] bits = {30, 32, 32, 36, 40, 64};
        for (int i = 0; i < devices; i++) {
            sb.append("device d").append(i).append(" { dma_bits ").append(bits[rnd.nextInt(bits.length)]).append(';');
            int kind = rnd.nextInt(5);
            if (kind == 0) {
                sb.append(" requires contiguous;");
            } else if (kind == 1) {
                sb.append(" forbids secure;");
            } else if (kind == 2) {
                sb.append(" requires cached;");
            }
            sb.append(" }\n");
        }
        for (int f = 0; f < flows; f++) {
            int nActors = 2 + rnd.nextInt(2);
            List<Integer> members = new ArrayList<>();
            while (members.size() < nActors) {
                int d = rnd.nextInt(devices);
                if (!members.contains(d)) {
                    members.add(d);
                }
            }
            sb.append("share sh").append(f).append(" {");
            for (int i = 0; i < members.size(); i++) {
                sb.append(i == 0 ? " " : ", ").append('d').append(members.get(i));
            }
            sb.append(" }\n");
            sb.append("flow f").append(f).append(" on sh").append(f).append(" {\n");
            boolean buggy = f * 100 < flows * buggyPercent;
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
                sb.append(" map ").append(dev).append("; unmap ").append(dev).append(';');
                if (a == 0) {
                    sb.append(" detach ").append(dev).append(';');
                }
                sb.append(" }\n");
            }
            sb.append("}\n");
        }
        Files.writeString(Path.of(args[2]), sb.toString());
    }
}
