import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.censpec.verify.Engine;
import org.censpec.verify.WarmChecker;

/**
 * The warm path: one WarmChecker (as `check --watch` and the language server use it) checks a
 * board, then re-checks it after one-line edits: a device's dma_bits changes (the static module
 * and the flows using that device are solved again) and a step of one flow changes.
 * Usage: java -cp 'cli/target/lib/*' bench/WarmBench.java BOARD.cen
 * ({@code --solver} instead of a board prints the SAT solver the Alloy engine uses).
 */
public final class WarmBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--solver")) {
            System.out.println("Alloy solver: " + org.censpec.verify.alloy.AlloyChecker.solverDescription());
            return;
        }
        Path file = Path.of(args[0]);
        String text = Files.readString(file);
        for (Engine engine : Engine.values()) {
            WarmChecker warm = new WarmChecker(engine, Duration.ofSeconds(120));
            time(engine + " cold (in-process)", () -> warm.check(file.toString(), text));
            time(engine + " same text again", () -> warm.check(file.toString(), text));
            // one-line edit 1: the last flow's first actor maps before it waits (a new finding)
            int last = text.lastIndexOf("actor a0 { up: attach ");
            int semi = text.indexOf(';', last);
            String dev = text.substring(last + "actor a0 { up: attach ".length(), semi);
            String buggy = text.substring(0, semi + 1) + " map " + dev + "; unmap " + dev + ";" + text.substring(semi + 1);
            time(engine + " edit: a flow maps early", () -> warm.check(file.toString(), buggy));
            // one-line edit 2: undo it
            time(engine + " edit: undone", () -> warm.check(file.toString(), text));
        }
    }

    private static void time(String what, java.util.concurrent.Callable<WarmChecker.Result> run) throws Exception {
        long t0 = System.nanoTime();
        WarmChecker.Result r = run.call();
        System.out.printf("  %-32s %6d ms  modules solved %d, reused %d; +%d -%d findings%n", what,
                (System.nanoTime() - t0) / 1_000_000, r.modulesChecked(), r.modulesReused(), r.added().size(),
                r.removed().size());
    }
}
