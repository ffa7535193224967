package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;

/**
 * A real editor against {@code censpec lsp}: headless Neovim (Debian's neovim package)
 * opens a spec with an error, its built-in LSP client shows censpec's diagnostic, hovers a
 * device and jumps to its definition. Runs where nvim is installed.
 */
class NeovimSmokeTest {
    private static final Path NVIM = Path.of("/usr/bin/nvim");

    @TempDir
    Path tmp;

    private static String lua(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
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
        String cmd = "{" + String.join(", ", List.of(lua(java), lua("-XX:TieredStopAtLevel=1"), lua("-cp"),
                lua(System.getProperty("java.class.path")), lua("org.censpec.cli.Main"), lua("lsp"))) + "}";
        Path script = Path.of("src", "test", "resources", "nvim", "smoke.lua").toAbsolutePath();
        Path globals = tmp.resolve("globals.lua");
        Files.writeString(globals, "CENSPEC_CMD = " + cmd + "\nSPEC = " + lua(spec.toString()) + "\nOUT = "
                + lua(out.toString()) + "\nHOVER_LINE = 4\nHOVER_COL = 11\nCHECK_TIMEOUT_MS = 60000\n");
        ProcessBuilder pb = new ProcessBuilder(NVIM.toString(), "--headless", "--clean", "-n",
                "-c", "luafile " + globals, "-c", "luafile " + script)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nvim.log").toFile());
        pb.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().put("XDG_DATA_HOME", tmp.resolve("data").toString());
        pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvim finished");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("nvim.log")));
        String result = Files.readString(out);
        assertTrue(result.contains("diagnostics-arrived: true"), result);
        assertTrue(result.contains("diagnostic: 3:35 spec.undefined censpec (direct) undefined property 'fast'"), result);
        assertTrue(result.contains("hover: **device cam**: dma_bits 32"), result);
        assertTrue(result.contains("definition: 3:7"), result);
    }
}
