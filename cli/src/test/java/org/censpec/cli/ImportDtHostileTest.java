package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.censpec.cli.dt.FdtBuilder;
import org.censpec.model.Allocator;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a devicetree says never becomes spec text it did not mean (issue 29): node names and
 * strings reach the spec only as escaped comments or as strings the language can hold, names
 * are chosen so the spec passes the check, and a spec that still would not is one line and
 * nothing written. Reproducers, then blobs whose node names and strings are drawn from
 * hostile alphabets.
 */
class ImportDtHostileTest {
    private static final String[] NAME_PARTS = {
        "x",
        "x_mask",
        "mask",
        "\r",
        "\n",
        "\r}\rallocator evil { backend pages; }\r",
        "\"",
        "\\",
        "*/",
        "\u001b[2J",
        "\u202e",
        "\u2028",
        "é",
        "dev",
        "linux_types",
        "u32",
        "static",
        "__init",
        "@",
        "@1000",
        ",",
        "-",
        ".",
        " ",
        "generic_heap",
        "cen_x",
        "9"
    };

    @TempDir
    Path tmp;

    private static FdtBuilder.Node board() {
        FdtBuilder.Node root = FdtBuilder.root().cells("#address-cells", 2).cells("#size-cells", 2);
        root.child("memory@0").str("device_type", "memory").cells("reg", 0, 0, 0, 0x80000000L);
        return root;
    }

    private Run importBytes(byte[] dtb, Path out) throws IOException {
        Path in = tmp.resolve("board.dtb");
        Files.write(in, dtb);
        return Run.of("import-dt", in.toString(), "-o", out.toString(), "--model", "board");
    }

    /** Issue 29: a carriage return in a node name ended import-dt's // comment; the rest became spec text. */
    @Test
    void aCarriageReturnInANodeNameStaysInItsComment() throws IOException {
        FdtBuilder.Node root = board();
        // a master of unknown kind: its path is in a comment of the spec
        root.child("cam\rallocator evil { backend contiguous; provides contiguous; }\r//@1")
                .str("compatible", "vendor,cam")
                .flag("dma-coherent");
        Path out = tmp.resolve("cr.cen");
        Run r = importBytes(FdtBuilder.build(root), out);
        assertEquals(0, r.exit(), r.err());
        String spec = Files.readString(out);
        assertFalse(spec.contains("\r"), spec);
        Spec parsed = checked(spec);
        // the kernel's default CMA area (the tree has no linux,cma-default), dma32, system: no "evil"
        assertEquals(
                List.of("cma", "dma32", "system"),
                parsed.allocators().stream().map(Allocator::name).toList(),
                spec);
        assertTrue(spec.contains("cam\\x0dallocator evil"), spec);
    }

    /** Names whose generated C names collide (x and x_mask) or are the kernel's get a suffix instead of a failed check. */
    @Test
    void nodeNamesBecomeNamesThatPassTheCheck() throws IOException {
        FdtBuilder.Node root = board();
        // GPUs (a Mali compatible), so that each is a device named after its node
        for (String n : List.of("x", "x_mask", "generic_heap", "static")) {
            root.child(n).str("compatible", "arm,mali-t860").flag("dma-coherent");
        }
        Path out = tmp.resolve("names.cen");
        Run r = importBytes(FdtBuilder.build(root), out);
        assertEquals(0, r.exit(), r.err());
        Spec spec = checked(Files.readString(out));
        assertEquals(
                List.of("x", "x_mask_2", "generic_heap", "static_dev"),
                spec.devices().stream().map(org.censpec.model.Device::name).toList());
    }

    /** A quote in a region's node name or a compatible string: the language cannot hold it, so no such line. */
    @Test
    void stringsTheLanguageCannotHoldAreLeftOutWithAWarning() throws IOException {
        FdtBuilder.Node root = board();
        FdtBuilder.Node rm = root.child("reserved-memory")
                .cells("#address-cells", 2)
                .cells("#size-cells", 2)
                .flag("ranges");
        rm.child("po\"ol@10000000")
                .str("compatible", "shared-dma-pool")
                .flag("reusable")
                .cells("reg", 0, 0x10000000, 0, 0x1000000);
        root.child("isp").str("compatible", "vendor,\"isp").flag("dma-coherent");
        Path out = tmp.resolve("quote.cen");
        Run r = importBytes(FdtBuilder.build(root), out);
        assertEquals(0, r.exit(), r.err());
        String text = Files.readString(out);
        assertFalse(
                text.lines()
                        .anyMatch(l ->
                                l.strip().startsWith("region ") || l.strip().startsWith("match ")),
                text);
        assertTrue(r.err().contains("cannot be a spec string"), r.err());
        checked(text);
    }

    /** Blobs whose node names and strings come from hostile alphabets: exit 0 with a spec that checks, or one line. */
    @Test
    void hostileNodeNamesAndStringsNeverWriteASpecTheCheckRefuses() throws IOException {
        long seed = Long.getLong("censpec.hostile.seed", System.nanoTime());
        Random r = new Random(seed);
        int written = 0;
        for (int i = 0; i < 200; i++) {
            FdtBuilder.Node root = board();
            FdtBuilder.Node rm = root.child("reserved-memory")
                    .cells("#address-cells", 2)
                    .cells("#size-cells", 2)
                    .flag("ranges");
            rm.child(name(r))
                    .str("compatible", "shared-dma-pool")
                    .flag("reusable")
                    .cells("reg", 0, 0x10000000 + 0x1000000L * r.nextInt(4), 0, 0x1000000);
            for (int d = 1 + r.nextInt(5); d > 0; d--) {
                // a Mali compatible last, so that the node is a device whose name and strings are hostile
                FdtBuilder.Node n = root.child(name(r))
                        .str("compatible", name(r).replace("\"", "'"), name(r), "arm,mali-t860")
                        .flag("dma-coherent");
                if (r.nextBoolean()) {
                    n.cells("reg", 0, 0x1000L * r.nextInt(4), 0, 0x100);
                }
            }
            Path out = tmp.resolve("h" + i + ".cen");
            Run run = importBytes(FdtBuilder.build(root), out);
            String replay = " (seed " + seed + ", blob " + i + ")";
            if (run.exit() != 0) {
                assertEquals(2, run.exit(), run.err() + replay);
                assertEquals(1, run.err().lines().count(), run.err() + replay);
                assertFalse(Files.exists(out), replay);
                continue;
            }
            String text = Files.readString(out);
            assertFalse(text.chars().anyMatch(c -> c < 0x20 && c != '\n'), text + replay);
            Spec spec = checked(text);
            assertEquals(
                    4,
                    spec.allocators().size(),
                    "the pool, the default CMA area, dma32 and system; nothing a name " + "smuggled in: " + text
                            + replay);
            written++;
        }
        assertTrue(written > 150, written + " of 200 blobs imported" + " (seed " + seed + ")");
    }

    private static String name(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            sb.append(NAME_PARTS[r.nextInt(NAME_PARTS.length)]);
        }
        return sb.toString();
    }

    private static Spec checked(String text) {
        ParseResult parsed = new SpecReader().parse("imported.cen", text);
        List<Finding> findings = new ArrayList<>(parsed.findings());
        parsed.spec().ifPresent(s -> findings.addAll(SpecValidator.validate(s)));
        assertEquals(List.of(), findings.stream().filter(Finding::isError).toList(), text);
        return parsed.spec().orElseThrow();
    }
}
