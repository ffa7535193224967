package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.censpec.model.Spec;
import org.censpec.prove.BoardChecks;
import org.censpec.prove.BrokenVariants;
import org.censpec.prove.Corpus;
import org.censpec.prove.RandomBoards;
import org.censpec.prove.TargetMemory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The corpus of user-like boards proved in booted kernels (prove/boards/run-corpus.sh runs this;
 * skipped unless {@code -Dcorpus.prove} names its parts, see {@link #parts}). Short: the ROCK 5B
 * spec of issue 26 on arm64 with its board. Long: every board on arm64 (its board's devicetree in
 * the guest) and x86-64, one broken variant of each board on arm64 (the four kinds in turn), and
 * {@code corpus.random} random boards on arm64 (seeds from {@code corpus.seed}, default 1);
 * {@code corpus.boards} narrows the boards and variants to the named boards (each keeps the
 * variant the whole corpus's rotation gives it). Imported: each of import-dt's 15 devicetrees
 * ({@link DtCorpusTest}, {@code corpus.dtbs} narrows) imported with {@code --starter-flows},
 * checked against its blob and proved on arm64 with {@code --dtb} the blob. A good board must pass (any failure is a false
 * alarm); a broken variant must fail for its stated reason with the kernel agreeing with the
 * model (no failure of cause module). Writes {@code corpus-summary.txt} into {@code corpus.work}.
 */
class CorpusProofTest {
    static final Path BOARDS = Path.of("..", "prove", "boards");
    static final String[] KINDS = {"wrong-match", "region-too-small", "unreachable", "early-map"};

    private final List<String> lines = new ArrayList<>();
    private int goodRuns;
    private int goodPassed;
    private int falseAlarms;
    private int targetFailures;
    private int brokenRuns;
    private int brokenCaught;

    @Test
    void theCorpusProvesWithoutFalseAlarms() throws Exception {
        Set<String> parts = parts(System.getProperty("corpus.prove", ""));
        Assumptions.assumeFalse(parts.isEmpty(), "run by prove/boards/run-corpus.sh");
        Path work = Path.of(System.getProperty("corpus.work", "target/corpus")).toAbsolutePath();
        Files.createDirectories(work);
        List<Corpus.Board> boards = Corpus.boards(BOARDS);
        Set<String> chosen = chosenBoards(boards);
        if (parts.contains("short")) {
            good(work, board(boards, "rock5b").spec(), "arm64");
        }
        if (parts.contains("good")) {
            for (String arch : List.of("arm64", "x86_64")) {
                for (Corpus.Board b : boards) {
                    if (chosen.contains(b.name())) {
                        good(work, b.spec(), arch);
                    }
                }
            }
        }
        if (parts.contains("variants")) {
            for (int i = 0; i < boards.size(); i++) {
                if (chosen.contains(boards.get(i).name())) {
                    broken(work, boards.get(i), KINDS[i % KINDS.length]);
                }
            }
        }
        if (parts.contains("random")) {
            int n = Integer.getInteger("corpus.random", 4);
            long first = Long.getLong("corpus.seed", 1);
            for (long seed = first; seed < first + n; seed++) {
                good(work, randomBoard(work, seed), "arm64");
            }
        }
        if (parts.contains("imported")) {
            for (DtCorpusTest.Board b : importedBoards()) {
                imported(work, b);
            }
        }
        lines.add(String.format(
                "corpus: %d good runs, %d passed, %d failed (false alarms: %d failures; target-caused: %d);"
                        + " %d broken variants, %d caught for their stated reason",
                goodRuns, goodPassed, goodRuns - goodPassed, falseAlarms, targetFailures, brokenRuns, brokenCaught));
        Files.write(work.resolve("corpus-summary.txt"), lines);
        lines.forEach(System.out::println);
        assertEquals(goodRuns, goodPassed, String.join("\n", lines));
        assertEquals(brokenRuns, brokenCaught, String.join("\n", lines));
    }

    @Test
    void theLongFormIsEveryPartAndAPartRunsAlone() {
        assertEquals(Set.of("good", "variants", "random"), parts("long"));
        assertEquals(parts("long"), parts("variants,long,random"));
        assertEquals(Set.of("variants"), parts("variants"));
        assertEquals(Set.of("random"), parts("random"));
        assertEquals(Set.of("short"), parts("short"));
        assertEquals(Set.of("imported"), parts("imported"));
        assertEquals(Set.of(), parts(""));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> parts("variant"));
    }

    /**
     * The parts of the corpus proof {@code corpus.prove} selects, a comma-separated list: short,
     * long (= good, variants, random), good (every board on both architectures), variants (one
     * broken variant of each board on arm64, the four kinds in turn over the corpus's order),
     * random (corpus.random random boards on arm64), imported (import-dt's devicetrees, with
     * starter flows, on arm64).
     */
    static Set<String> parts(String selection) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : selection.split(",")) {
            switch (p.strip()) {
                case "" -> {}
                case "long" -> out.addAll(List.of("good", "variants", "random"));
                case "short", "good", "variants", "random", "imported" -> out.add(p.strip());
                default -> throw new IllegalArgumentException("corpus.prove: unknown part '" + p + "'");
            }
        }
        return out;
    }

    /** The boards {@code corpus.boards} names (comma-separated; all when unset), each a corpus board. */
    private static Set<String> chosenBoards(List<Corpus.Board> boards) {
        Set<String> all = new LinkedHashSet<>();
        boards.forEach(b -> all.add(b.name()));
        String only = System.getProperty("corpus.boards", "").strip();
        if (only.isEmpty()) {
            return all;
        }
        Set<String> out = new LinkedHashSet<>(List.of(only.split(",")));
        for (String name : out) {
            assertTrue(all.contains(name), "corpus.boards: '" + name + "' is not a corpus board " + all);
        }
        return out;
    }

    private static Corpus.Board board(List<Corpus.Board> boards, String name) {
        return boards.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private JsonObject prove(Path work, Path spec, String arch, String id, String... more) throws Exception {
        Path dir = work.resolve(id);
        long t0 = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("prove", "--arch", arch, "--work", dir.toString()));
        args.addAll(List.of(more));
        args.addAll(List.of("--format", "json", spec.toString()));
        Run r = Run.of(args.toArray(String[]::new));
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), r.out());
        Files.writeString(dir.resolve("progress.txt"), r.err());
        assertTrue(r.exit() == 0 || r.exit() == 1, id + ": exit " + r.exit() + ": " + r.err());
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject sum = report.getAsJsonObject("summary");
        lines.add(String.format(
                "%s %s: %s in %d s: %d passed, %d failed",
                id,
                arch,
                r.exit() == 0 ? "PASS" : "FAIL",
                s,
                sum.get("passed").getAsInt(),
                sum.get("failed").getAsInt()));
        return report;
    }

    private void good(Path work, Path spec, String arch, String... more) throws Exception {
        String id = spec.getFileName().toString().replace(".cen", "") + "-" + arch;
        JsonObject report = prove(work, spec, arch, id, more);
        JsonObject sum = report.getAsJsonObject("summary");
        goodRuns++;
        int failed = sum.get("failed").getAsInt();
        int target = sum.getAsJsonObject("byCause").get("target").getAsInt();
        if (failed == 0) {
            goodPassed++;
        }
        falseAlarms += failed - target;
        targetFailures += target;
        for (JsonElement f : failures(report)) {
            lines.add("  FAIL " + f);
        }
    }

    /** import-dt's 15 devicetrees (DtCorpusTest's table), those {@code corpus.dtbs} names when set. */
    private static List<DtCorpusTest.Board> importedBoards() {
        String only = System.getProperty("corpus.dtbs", "").strip();
        List<DtCorpusTest.Board> all = DtCorpusTest.boards();
        if (only.isEmpty()) {
            return all;
        }
        List<String> names = List.of(only.split(","));
        List<DtCorpusTest.Board> out = all.stream()
                .filter(b -> names.stream().anyMatch(n -> b.dtb().contains(n)))
                .toList();
        assertTrue(!out.isEmpty(), "corpus.dtbs: no devicetree of " + names);
        return out;
    }

    /**
     * A devicetree of import-dt's corpus taken to a proved spec without hand edits: {@code
     * import-dt --starter-flows}, {@code check --dtb} with 0 errors, {@code prove --arch arm64
     * --dtb} the blob, which must pass.
     */
    private void imported(Path work, DtCorpusTest.Board b) throws Exception {
        Path blob = ImportDtTest.DT.resolve(b.dtb()).toAbsolutePath();
        String name = b.dtb().replace('/', '_').replace(".dtb", "").replace('.', '_');
        Path dir = Files.createDirectories(work.resolve("imported-specs"));
        Path spec = dir.resolve("imported_" + name + ".cen");
        Run imp = Run.of("import-dt", blob.toString(), "--ram", b.ram(), "--starter-flows", "-o", spec.toString());
        assertEquals(0, imp.exit(), b + ": " + imp.err());
        Run check = Run.of("check", "--dtb", blob.toString(), spec.toString());
        String checked = check.out().strip().lines().reduce((x, y) -> y).orElse("");
        lines.add("imported " + b.dtb() + " (" + b.soc() + ", --ram " + b.ram() + "): check: " + checked);
        assertEquals(0, check.exit(), b + ": " + check.out() + check.err());
        good(work, spec, "arm64", "--dtb", blob.toString());
    }

    private void broken(Path work, Corpus.Board b, String kind) throws Exception {
        Spec spec = Corpus.spec(b.spec());
        org.censpec.prove.Board board = org.censpec.prove.Board.importedFrom(b.spec(), new ArrayList<>())
                .orElseThrow();
        TargetMemory memory =
                BoardChecks.memoryOf(board, spec, TargetMemory.Contiguous.cma(64L << 20, "Debian's kernel"));
        BrokenVariants.Variant v = BrokenVariants.of(Files.readString(b.spec()), spec, memory).stream()
                .filter(x -> x.kind().equals(kind))
                .findFirst()
                .orElseThrow();
        Path dir = Files.createDirectories(work.resolve(b.name() + "-" + kind + "-spec"));
        Files.copy(b.dtb(), dir.resolve(b.dtb().getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path file = Files.writeString(
                dir.resolve(b.spec().getFileName().toString().replace(".cen", "-" + kind + ".cen")), v.text());
        {
            JsonObject report = prove(work, file, "arm64", b.name() + "-" + kind);
            brokenRuns++;
            boolean stated = false;
            int module = report.getAsJsonObject("summary")
                    .getAsJsonObject("byCause")
                    .get("module")
                    .getAsInt();
            for (JsonElement e : failures(report)) {
                JsonObject f = e.getAsJsonObject();
                stated |= v.states()
                        .test(new org.censpec.prove.ProveReport.Failure(
                                f.get("what").getAsString(),
                                "",
                                "",
                                "",
                                "",
                                org.censpec.prove.ProveReport.Cause.SPEC,
                                ""));
            }
            if (stated && module == 0) {
                brokenCaught++;
            }
            lines.add("  " + (stated && module == 0 ? "caught" : "NOT caught") + ": " + v.reason()
                    + (stated ? "" : " (its stated reason not reported)")
                    + (module == 0 ? "" : " (" + module + " failures of cause module)"));
        }
    }

    private static JsonArray failures(JsonObject report) {
        JsonArray out = new JsonArray();
        report.getAsJsonArray("specFailures").forEach(out::add);
        for (JsonElement boot : report.getAsJsonArray("boots")) {
            for (JsonElement c : boot.getAsJsonObject().getAsJsonArray("checks")) {
                c.getAsJsonObject().getAsJsonArray("failures").forEach(out::add);
            }
        }
        return out;
    }

    private static Path randomBoard(Path work, long seed) throws Exception {
        RandomBoards.RandomBoard r = RandomBoards.of(seed);
        Path dir = Files.createDirectories(work.resolve("random" + seed + "-board"));
        Files.writeString(dir.resolve("board.dts"), r.dts());
        Process p = new ProcessBuilder("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", r.dtbName(), "board.dts")
                .directory(dir.toFile())
                .inheritIO()
                .start();
        assertEquals(0, p.waitFor());
        return Files.writeString(dir.resolve("random" + seed + ".cen"), r.spec());
    }
}
