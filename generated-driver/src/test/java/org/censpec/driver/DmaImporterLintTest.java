package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The prove harness's DMA importer (prove/dma-importer, the module of the data-visible
 * proof) is held to the generated module's standard: sparse (C=2) and gcc W=1 with zero
 * findings, checkpatch.pl --strict with zero errors, warnings and checks. (Every censpec
 * prove run builds it W=1 for its target, where any warning fails.)
 */
class DmaImporterLintTest {
    static final Path WORK = Path.of("target", "dma-importer").toAbsolutePath();

    @Test
    void sparseAndCheckpatchStrictAreClean() throws Exception {
        Path src = Path.of("..", "prove", "dma-importer").toAbsolutePath();
        Scripts.Result lint = Scripts.run(WORK.resolve("lint.log"), 900, "lint-module.sh", src.toString());
        assertEquals(0, lint.exit(), Scripts.lastLine(lint.output()));
        assertTrue(Scripts.lastLine(lint.output()).contains("(sparse 0, checkpatch 0/0/0)"), lint.output());
    }
}
