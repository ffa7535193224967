package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.tools.dt.BoardTree;
import org.censpec.verify.CheckedSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus on the host, without booting (the short form of the corpus proof; the boots are
 * prove/boards/run-corpus.sh): every board's spec checks clean, finds its devicetree, fits its
 * board (no spec-level failure: 0 false alarms), and its guest's devicetree compiles with a
 * stand-in at each node its match strings name, each predicted as its spec device; every broken
 * variant fails for its stated reason.
 */
class CorpusTest {
    static final TargetMemory.Contiguous KERNEL_CMA = TargetMemory.Contiguous.cma(64L << 20, "Debian's arm64 kernels");

    @TempDir
    Path tmp;

    @Test
    void everyBoardFitsItsSpecAndItsGuestBuilds() throws Exception {
        Assumptions.assumeTrue(BoardGuestTest.dtc(), "needs dtc");
        List<String> summary = new ArrayList<>();
        for (Corpus.Board b : Corpus.boards(Path.of("boards"))) {
            CheckedSpec c = Corpus.check(b.spec());
            assertEquals(List.of(), c.findings().stream().map(Finding::toString).toList(), b.spec() + " checks clean");
            Spec spec = c.spec().orElseThrow();
            List<String> why = new ArrayList<>();
            Board board =
                    Board.importedFrom(b.spec(), why).orElseThrow(() -> new AssertionError(b.spec() + ": " + why));
            assertEquals(
                    b.dtb().toAbsolutePath().normalize(),
                    board.file().toAbsolutePath().normalize());
            assertEquals(
                    List.of(),
                    BoardChecks.of(board, spec, KERNEL_CMA).stream()
                            .map(ProveReport.Failure::toString)
                            .toList(),
                    b.name() + ": the spec fits its board");
            String machine = Prover.machineFor(spec, "arm64", "auto");
            BoardGuest g =
                    BoardGuest.of(board, spec, GuestMachine.named(machine), 1L << 30, KERNEL_CMA, java.util.Set.of());
            int importers = importers(b, spec, g, GuestMachine.named(machine));
            summary.add(b.name() + " on " + machine + ": " + g.standIns().size() + " stand-ins, " + importers
                    + " importers");
        }
        assertTrue(summary.size() >= 10, summary.toString());
    }

    /** The guest's devicetree compiles, holds every stand-in, and each is predicted as the device its match names. */
    private int importers(Corpus.Board b, Spec spec, BoardGuest g, GuestMachine m) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(b.name()));
        Path dts = dir.resolve("guest.dts");
        Files.writeString(dts, base(m) + g.dts());
        BoardGuestTest.run(dir, "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "guest.dtb", "guest.dts");
        ImportChecks checks =
                new ImportChecks(new Prediction(spec, g.memory()), BoardTree.read(dir.resolve("guest.dtb")));
        Map<String, ImportChecks.Importer> found = checks.importers();
        assertEquals(g.standIns().size(), found.size(), b.name() + ": " + found.keySet());
        for (StandIns.StandIn s : g.standIns()) {
            ImportChecks.Importer i = found.get("censpec_importer_" + s.label());
            assertEquals(Optional.of(s.device()), i.matched(), b.name() + " " + s.label());
        }
        return found.size();
    }

    /** The machine's devicetree as far as the fragment needs it, with censpec's extension. */
    static String base(GuestMachine m) throws Exception {
        if (m.equals(GuestMachine.VIRT)) {
            return "/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n};\n"
                    + Files.readString(Path.of("guest/arm64-extra.dtsi"))
                            .replace("CENSPEC_CMA_SIZE", "0x8000000")
                            .replace("CENSPEC_POOL_SIZE", "0x2000000");
        }
        return "/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\treserved-memory {\n\t\t#address-cells = <1>;\n"
                + "\t\t#size-cells = <1>;\n\t\tranges;\n\t\tlinux,cma { compatible = \"shared-dma-pool\"; size = <0x4000000>;"
                + " reusable; linux,cma-default; };\n\t};\n\tsoc { compatible = \"simple-bus\"; #address-cells = <1>;"
                + " #size-cells = <1>; ranges; };\n};\n"
                + Files.readString(Path.of("guest/raspi3b-extra.dtsi"))
                        .replace("CENSPEC_CMA_SIZE", "0x8000000")
                        .replace("CENSPEC_POOL_SIZE", "0x2000000");
    }

    @Test
    void everyBrokenVariantFailsForItsStatedReason() throws Exception {
        int kinds = 0;
        for (Corpus.Board b : Corpus.boards(Path.of("boards"))) {
            Spec spec = Corpus.spec(b.spec());
            List<String> why = new ArrayList<>();
            Board board = Board.importedFrom(b.spec(), why).orElseThrow();
            List<BrokenVariants.Variant> variants =
                    BrokenVariants.of(Files.readString(b.spec()), spec, BoardChecks.memoryOf(board, spec, KERNEL_CMA));
            assertEquals(
                    List.of("wrong-match", "region-too-small", "unreachable", "early-map"),
                    variants.stream().map(BrokenVariants.Variant::kind).toList(),
                    b.name());
            for (BrokenVariants.Variant v : variants) {
                Path file = b.dir().resolve("broken-" + v.kind() + ".cen");
                List<ProveReport.Failure> failures = failures(v.text(), file, board);
                assertTrue(
                        failures.stream().anyMatch(v.states()),
                        b.name() + " " + v.kind() + " (" + v.reason() + "): " + failures);
                kinds++;
            }
        }
        assertTrue(kinds >= 40, kinds + " variants");
    }

    /** What prove finds before booting: the check's errors and the board's. */
    private List<ProveReport.Failure> failures(String text, Path like, Board board) throws Exception {
        Path f = tmp.resolve(like.getFileName());
        Files.writeString(f, text);
        CheckedSpec c = Corpus.check(f);
        List<ProveReport.Failure> out = new ArrayList<>(SpecFailures.of(c));
        c.spec().ifPresent(s -> out.addAll(BoardChecks.of(board, s, KERNEL_CMA)));
        return out;
    }

    @Test
    void randomBoardsFitTheirSpecsAndTheirGuestsBuild() throws Exception {
        Assumptions.assumeTrue(BoardGuestTest.dtc(), "needs dtc");
        int n = Integer.getInteger("corpus.random", 30);
        for (long seed = 1; seed <= n; seed++) {
            RandomBoards.RandomBoard r = RandomBoards.of(seed);
            Path dir = Files.createDirectories(tmp.resolve("random" + seed));
            Files.writeString(dir.resolve("board.dts"), r.dts());
            BoardGuestTest.run(dir, "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", r.dtbName(), "board.dts");
            Path specFile = Files.writeString(dir.resolve("random" + seed + ".cen"), r.spec());
            CheckedSpec c = Corpus.check(specFile);
            assertEquals(
                    List.of(),
                    c.findings().stream()
                            .filter(Finding::fails)
                            .map(Finding::toString)
                            .toList(),
                    "seed " + seed + ":\n" + r.spec());
            Spec spec = c.spec().orElseThrow();
            Board board = Board.importedFrom(specFile, new ArrayList<>()).orElseThrow();
            assertEquals(
                    List.of(),
                    BoardChecks.of(board, spec, KERNEL_CMA).stream()
                            .map(ProveReport.Failure::toString)
                            .toList(),
                    "seed " + seed + ":\n" + r.dts() + r.spec());
            String machine = Prover.machineFor(spec, "arm64", "auto");
            BoardGuest g =
                    BoardGuest.of(board, spec, GuestMachine.named(machine), 1L << 30, KERNEL_CMA, java.util.Set.of());
            importers(
                    new Corpus.Board("random" + seed, dir, specFile, dir.resolve(r.dtbName()), "", "", ""),
                    spec,
                    g,
                    GuestMachine.named(machine));
        }
    }
}
