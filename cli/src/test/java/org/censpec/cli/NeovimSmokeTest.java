package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real editor against {@code censpec lsp}: headless Neovim (Debian's neovim package, 0.7.2)
 * with the documented setup (docs/cli.md: editors/nvim/censpec.lua) opens a spec with an error: the setup
 * detects the file type and starts the server, the built-in LSP client shows censpec's
 * diagnostic, hovers a device and jumps to its definition. Runs where nvim is installed.
 */
class NeovimSmokeTest {
    private static final Path NVIM = Path.of("/usr/bin/nvim");
    /** The editor setup docs/cli.md points to, run as a user would source it. */
    private static final Path SETUP = Path.of("..", "editors", "nvim", "censpec.lua");

    @TempDir
    Path tmp;

    private static String lua(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void theDocumentedSetupIsTheTestedOne() throws Exception {
        String reference = Files.readString(Path.of("..", "docs", "cli.md"));
        assertTrue(reference.contains("editors/nvim/censpec.lua"), "the documented Neovim setup is the tested file");
        assertTrue(Files.readString(SETUP).contains("vim.lsp.start_client"), "0.7 has no vim.lsp.start");
    }

    @Test
    @Requires(Prerequisite.NEOVIM)
    void neovimShowsDiagnosticsHoverAndDefinition() throws Exception {
        Path spec = tmp.resolve("board.cen");
        Files.writeString(spec, """
                spec board;
                ram 4G;
                allocator system { backend pages; }
                device cam { dma_bits 32; requires fast; }
                share s { cam }
                """);
        Path out = tmp.resolve("out.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "{"
                + String.join(
                        ", ",
                        List.of(
                                lua(java),
                                lua("-XX:TieredStopAtLevel=1"),
                                lua("-cp"),
                                lua(System.getProperty("java.class.path")),
                                lua("org.censpec.cli.Main"),
                                lua("lsp")))
                + "}";
        Path script = Path.of("src", "test", "resources", "nvim", "smoke.lua").toAbsolutePath();
        Path globals = tmp.resolve("globals.lua");
        Files.writeString(
                globals,
                "vim.g.censpec_lsp_cmd = " + cmd + "\nSPEC = " + lua(spec.toString()) + "\nOUT = " + lua(out.toString())
                        + "\nHOVER_LINE = 4\nHOVER_COL = 11\nCHECK_TIMEOUT_MS = 60000\n");
        ProcessBuilder pb = new ProcessBuilder(
                        NVIM.toString(),
                        "--headless",
                        "--clean",
                        "-n",
                        "-c",
                        "luafile " + globals,
                        "-c",
                        "luafile " + SETUP.toAbsolutePath(),
                        "-c",
                        "luafile " + script)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("nvim.log").toFile());
        pb.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().put("XDG_DATA_HOME", tmp.resolve("data").toString());
        pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvim finished");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("nvim.log")));
        String result = Files.readString(out);
        assertTrue(result.contains("filetype: cen"), result);
        assertTrue(result.contains("diagnostics-arrived: true"), result);
        assertTrue(
                result.contains("diagnostic: 3:35 spec.undefined censpec (direct) undefined property 'fast'"), result);
        assertTrue(result.contains("hover: **device cam**: dma_bits 32"), result);
        assertTrue(result.contains("definition: 3:7"), result);
    }
}
