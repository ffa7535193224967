package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include "path";}: specs in several files, findings located in the file they are in. */
class IncludeTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void includedDeclarationsJoinTheSpecAndKeepTheirFileAndLine() throws IOException {
        write("common/allocators.cen", """
                // shared by every board of the family
                property contiguous;
                allocator cma { backend contiguous; provides contiguous; below 1G; }
                include "../devices.cen";
                """);
        write("devices.cen", """
                device cam { dma_bits 30; requires contiguous; }
                device gpu { dma_bits 32; }
                device bad { dma_bits 32; requires missing_property; }
                """);
        Path board = write("board.cen", """
                include "common/allocators.cen";
                spec board;
                ram 2G;
                allocator system { backend pages; }
                share s { cam, gpu }
                """);
        Run r = Run.of("check", "--engine", "direct", board.toString());
        assertEquals(1, r.exit(), r.out());
        // the undefined property is reported in devices.cen, line 3, column 36
        assertTrue(r.out().contains(dir.resolve("devices.cen") + ":3:36: error[spec.undefined]"), r.out());
        // allocator priority follows the include position: cma (included first) before system
        Files.writeString(dir.resolve("devices.cen"), """
                device cam { dma_bits 30; requires contiguous; }
                device gpu { dma_bits 32; }
                """);
        Run ok = Run.of("check", "--format", "json", board.toString());
        assertEquals(0, ok.exit(), ok.out());
        Run svg = Run.of("alloy", board.toString());
        assertTrue(svg.out().indexOf("cma") < svg.out().indexOf("system"), "cma keeps the higher priority");
    }

    @Test
    void missingFilesAndCyclesAreLocatedErrors() throws IOException {
        Path a = write("a.cen", "spec a;\nram 1G;\ninclude \"b.cen\";\n");
        write("b.cen", "device d { dma_bits 32; }\ninclude \"a.cen\";\n");
        Run r = Run.of("check", "--engine", "direct", a.toString());
        assertEquals(1, r.exit());
        assertTrue(
                r.out()
                        .contains(dir.resolve("b.cen")
                                + ":2:9: error[spec.include]: include cycle: a.cen -> b.cen -> a.cen"),
                r.out());
        Path m = write("m.cen", "spec m;\nram 1G;\n  include \"gone/x.cen\";\n");
        Run missing = Run.of("check", "--engine", "direct", m.toString());
        assertEquals(1, missing.exit());
        assertTrue(
                missing.out()
                        .contains(m + ":3:11: error[spec.include]: cannot include " + dir.resolve("gone/x.cen")
                                + ": no such file"),
                missing.out());
        // an included file with a syntax error: reported in that file
        Path s = write("s.cen", "spec s;\nram 1G;\ninclude \"broken.cen\";\n");
        write("broken.cen", "device d { dma_bits 32 }\n");
        Run syntax = Run.of("check", "--engine", "direct", s.toString());
        assertTrue(syntax.out().contains(dir.resolve("broken.cen") + ":1:24: error[spec.syntax]"), syntax.out());
        // an included file of another spec
        Path o = write("o.cen", "spec o;\nram 1G;\ninclude \"other.cen\";\n");
        write("other.cen", "spec other;\n");
        Run other = Run.of("check", "--engine", "direct", o.toString());
        assertTrue(other.out().contains("declares spec 'other', not 'o'"), other.out());
        // a diamond is fine: the shared file is spliced in once
        Path top = write("top.cen", "spec top;\nram 1G;\ninclude \"l.cen\";\ninclude \"r.cen\";\n");
        write("l.cen", "include \"base.cen\";\n");
        write("r.cen", "include \"base.cen\";\n");
        write("base.cen", "allocator system { backend pages; }\n");
        Run diamond = Run.of("check", "--engine", "direct", top.toString());
        assertEquals(0, diamond.exit(), diamond.out());
        // the file given must name its spec
        Path frag = write("frag.cen", "ram 1G;\n");
        Run noHeader = Run.of("check", "--engine", "direct", frag.toString());
        assertTrue(
                noHeader.out().contains(frag + ":1:1: error[spec.syntax]: missing 'spec NAME;' before 'ram'"),
                noHeader.out());
    }

    @Test
    void twoFilesDeclaringTheSameSpecDifferentlyIsAnError() throws IOException {
        Path a = write("a.cen", "spec board;\nram 1G;\nallocator system { backend pages; }\n");
        Path same = write(
                "same.cen",
                "// the same spec, laid out differently\nspec board; ram 1G;\n"
                        + "allocator system { backend pages; }\n");
        Path b = write("b.cen", "spec board;\nram 2G;\nallocator system { backend pages; }\n");
        Run ok = Run.of("check", "--engine", "direct", a.toString(), same.toString());
        assertEquals(0, ok.exit(), ok.out());
        assertFalse(ok.out().contains("same.cen"), "the same spec is reported once: " + ok.out());
        Run clash = Run.of("check", "--engine", "direct", a.toString(), b.toString());
        assertEquals(1, clash.exit());
        assertTrue(
                clash.out()
                        .contains(b + ":1:6: error[spec.duplicate]: spec 'board' is also declared by " + a
                                + ":1:6 with different declarations"),
                clash.out());
    }
}
