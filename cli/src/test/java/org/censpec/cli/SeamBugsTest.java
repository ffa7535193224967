package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands share one pipeline: what check refuses, every command refuses the same way
 * (issue 23's bugs from the seams, each once a real difference between commands).
 */
class SeamBugsTest {
    @TempDir
    Path tmp;

    /** A spec whose one flow has 20 actors: over the work limit of 16 actors per flow. */
    private static String twentyActors() {
        StringBuilder sb = new StringBuilder("spec wide;\nram 8G;\nallocator a { backend pages; }\n"
                + "device d { dma_bits 64; }\nshare s { d }\nflow f on s {\n");
        for (int i = 0; i < 20; i++) {
            sb.append("    actor a").append(i).append(" { attach d; detach d; }\n");
        }
        return sb.append("}\n").toString();
    }

    @Test
    void replayEnforcesTheWorkLimitsCheckEnforces() throws IOException {
        Path spec = Files.writeString(tmp.resolve("wide.cen"), twentyActors());
        Path log = Files.writeString(tmp.resolve("wide.log"), "# censpec-record 1 spec=wide module=wide kernel=6.1\n");
        Run check = Run.of("check", "--engine", "direct", spec.toString());
        Run replay = Run.of("replay", spec.toString(), log.toString());
        assertEquals(1, check.exit(), check.out());
        assertTrue(check.out().contains("error[spec.range]"), check.out());
        assertEquals(1, replay.exit(), replay.out() + replay.err());
        assertEquals(findingLines(check.out()), findingLines(replay.out()), "the same spec.range finding");
    }

    @Test
    void aSpecDeclaredDifferentlyByTwoFilesIsOneFinding() throws IOException {
        String base = "spec same;\nram 8G;\nallocator a { backend pages; }\ndevice d { dma_bits 64; }\nshare s { d }\n";
        Path one = Files.writeString(tmp.resolve("one.cen"), base);
        Path two = Files.writeString(tmp.resolve("two.cen"), base.replace("dma_bits 64", "dma_bits 40"));
        Run r = Run.of("check", "--engine", "direct", one.toString(), two.toString());
        List<String> lines = findingLines(r.out());
        assertEquals(1, lines.size(), r.out());
        assertTrue(r.out().startsWith(two + ":1:6: error[spec.duplicate]: spec 'same' is also declared by "), r.out());
        assertEquals(1, r.exit());
        Path copy = Files.writeString(tmp.resolve("copy.cen"), base);
        Run same = Run.of("check", "--engine", "direct", one.toString(), copy.toString());
        assertEquals(List.of(), findingLines(same.out()), "the same declarations again: the same spec, reported once");
    }

    private static List<String> findingLines(String out) {
        return out.lines()
                .filter(l -> l.contains(": error[") || l.contains(": warning["))
                .map(l -> l.replaceFirst("^[^:]*:", ""))
                .toList();
    }
}
