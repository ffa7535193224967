import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.censpec.verify.alloy.AlloyChecker;
import org.censpec.verify.direct.DirectChecker;

/**
 * Crowded races on one device (issue 28): N actors each run `attach d; map d; unmap d; detach d;` twice on the
 * one device d, no waits; "broken" rows give the last actor a step outside its sessions, so d is no session
 * device (docs/alloy-encoding.md, "Session lemmas"). In one JVM, as `censpec check` runs a spec: the direct checker,
 * then the Alloy engine with the direct checker's findings as candidates; each row is a fresh spec, the first row
 * pays the JVM's warm-up. Usage: java -cp 'cli/target/lib/*' bench/RaceBench.java [TIMEOUT_SECONDS [ROW...]]
 * (a row is N for N actors, Nb for N actors with one detach too many in the last, Nm for a map/unmap pair
 * before its sessions (a borrow), Nu for an unmap before its sessions, Nw for both (the borrow in the
 * second-to-last actor); default 3 4 6 8 12 16 6b 8b 6m 8m 6u 8u 6w)
 */
public final class RaceBench {
    public static void main(String[] args) {
        Duration timeout = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 60);
        System.out.println("| race | direct ms | Alloy ms | findings | agree |");
        System.out.println("| --- | --- | --- | --- | --- |");
        List<String> rows = args.length > 1
                ? List.of(args).subList(1, args.length)
                : List.of("3", "4", "6", "8", "12", "16", "6b", "8b", "6m", "8m", "6u", "8u", "6w");
        for (String r : rows) {
            char shape = Character.isLetter(r.charAt(r.length() - 1)) ? r.charAt(r.length() - 1) : ' ';
            int n = Integer.parseInt(shape == ' ' ? r : r.substring(0, r.length() - 1));
            String what = shape == 'b'
                    ? ", broken"
                    : shape == 'm'
                            ? ", map first"
                            : shape == 'u' ? ", unmap first" : shape == 'w' ? ", map first and unmap first" : "";
            row(n + " actors" + what, race(n, shape), timeout);
        }
    }

    /**
     * Shape ' ': whole sessions; 'b': the last actor ends with one detach too many; 'm': it maps and unmaps first;
     * 'u': it unmaps first; 'w': it unmaps first and the actor before it maps and unmaps first.
     */
    static String race(int actors, char shape) {
        StringBuilder sb = new StringBuilder("spec race;\nram 8G;\nallocator a { backend pages; }\n");
        sb.append("device d { dma_bits 64; }\nshare s { d }\nflow f on s {\n");
        for (int a = 0; a < actors; a++) {
            boolean last = a == actors - 1;
            sb.append("    actor x").append(a).append(" {");
            boolean borrows = last && shape == 'm' || a == actors - 2 && shape == 'w';
            sb.append(borrows ? " map d; unmap d;" : last && (shape == 'u' || shape == 'w') ? " unmap d;" : "");
            sb.append(" attach d; map d; unmap d; detach d;".repeat(2));
            sb.append(last && shape == 'b' ? " detach d; }\n" : " }\n");
        }
        return sb.append("}\n").toString();
    }

    private static void row(String what, String text, Duration timeout) {
        Spec spec = new SpecReader().parse("race.cen", text).spec().orElseThrow();
        long t0 = System.nanoTime();
        List<Finding> direct = new DirectChecker().check(spec);
        long t1 = System.nanoTime();
        List<Finding> alloy = new AlloyChecker().check(spec, timeout, direct);
        long t2 = System.nanoTime();
        boolean limit = alloy.stream().anyMatch(f -> f.id().startsWith("verify."));
        String directLimit = direct.stream()
                .filter(f -> f.id().startsWith("verify."))
                .map(f -> "direct: " + f.id())
                .findFirst()
                .orElse(null);
        System.out.printf(
                "| %s | %d | %s | %d | %s |%n",
                what,
                (t1 - t0) / 1_000_000,
                limit ? "over " + timeout.toSeconds() * 1000 : String.valueOf((t2 - t1) / 1_000_000),
                directLimit != null ? alloy.size() : direct.size(),
                limit ? "-" : directLimit != null ? directLimit : keys(alloy).equals(keys(direct)) ? "yes" : "NO");
    }

    private static Set<String> keys(List<Finding> findings) {
        Set<String> out = new TreeSet<>();
        findings.forEach(f -> out.add(f.id() + "@" + f.loc() + " " + f.message() + " " + f.trace()));
        return out;
    }
}
