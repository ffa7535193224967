package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus's blobs are what provenance.tsv says: the board's blob of Debian's arm64 kernel
 * package, reduced by {@link DtbPruner} to what its spec reads. Runs where that package is in the
 * kernel cache (install-deps.sh fetches arm64 6.12); {@code -Dcorpus.update=true} writes the
 * reduced blobs (after a spec's match strings change). The held-out boards (boards/held-out, kept
 * out of the tuned corpus) keep their blobs the same way.
 */
class CorpusBlobsTest {
    @TempDir
    Path tmp;

    @Test
    void committedBlobsAreThePackagesReducedForTheirSpecs() throws Exception {
        boolean update = Boolean.getBoolean("corpus.update");
        int checked = 0;
        List<Corpus.Board> boards = new ArrayList<>(Corpus.boards(Path.of("boards")));
        boards.addAll(Corpus.boards(Path.of("boards", "held-out")));
        for (Corpus.Board b : boards) {
            Path full = Corpus.packageBlob(b);
            if (!Files.isRegularFile(full) || !b.sha256().equals(sha256(Files.readAllBytes(full)))) {
                continue; // another version of the package: its blob may differ (provenance.tsv names the one used)
            }
            Path work = Files.createDirectories(tmp.resolve(b.name()));
            byte[] pruned = DtbPruner.prune(full, Corpus.spec(b.spec()), work);
            if (update) {
                Files.write(b.dtb(), pruned);
            }
            assertArrayEquals(
                    pruned,
                    Files.readAllBytes(b.dtb()),
                    b.dtb() + ": not the package's blob reduced for " + b.spec().getFileName()
                            + " (run with -Dcorpus.update=true after changing its match strings)");
            assertTrue(pruned.length < 16 * 1024, b.dtb() + " is " + pruned.length + " bytes");
            checked++;
        }
        Assumptions.assumeTrue(
                checked > 0,
                "needs the Debian arm64 kernel package provenance.tsv names in the kernel cache"
                        + " (install-deps.sh fetches the current 6.12; a newer one may carry other blobs)");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
