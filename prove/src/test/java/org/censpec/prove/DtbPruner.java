package org.censpec.prove;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.censpec.model.Device;
import org.censpec.model.Literal;
import org.censpec.model.Spec;
import org.censpec.tools.dt.BoardTree;

/**
 * The corpus keeps each board's devicetree small: the blob of Debian's package reduced to what a
 * spec of the board and {@code censpec prove} read. Kept: the root's properties, {@code /chosen},
 * the memory nodes, all of {@code /reserved-memory}, and every node a match string of the spec
 * names with its ancestors (their own properties: cells, ranges, dma-ranges, status) and the
 * IOMMU its {@code iommus} names. Other nodes go; phandles they referenced dangle, which neither
 * dtc nor censpec minds. Done on dtc's source form: decompile, drop lines, compile.
 */
final class DtbPruner {
    private DtbPruner() {}

    /** The reduced blob of {@code full} for {@code spec}. */
    static byte[] prune(Path full, Spec spec, Path work) throws Exception {
        BoardTree tree = BoardTree.read(full);
        Set<String> keep = new HashSet<>(List.of("/", "/chosen"));
        for (Device d : spec.devices()) {
            for (Literal m : d.match()) {
                for (BoardTree.Node n : tree.nodesMatching(m.value())) {
                    keepWithAncestors(keep, n.path());
                    n.iommu().ifPresent(i -> keepWithAncestors(keep, i));
                }
            }
        }
        Path dts = work.resolve("full.dts");
        run(
                work,
                "dtc",
                "-q",
                "-I",
                "dtb",
                "-O",
                "dts",
                "-o",
                dts.toString(),
                full.toAbsolutePath().toString());
        Path out = work.resolve("pruned.dts");
        Files.writeString(out, String.join("\n", filter(Files.readAllLines(dts), keep)) + "\n");
        run(work, "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "pruned.dtb", "pruned.dts");
        return Files.readAllBytes(work.resolve("pruned.dtb"));
    }

    private static void keepWithAncestors(Set<String> keep, String path) {
        for (String p = path; !p.equals("/"); p = p.substring(0, Math.max(1, p.lastIndexOf('/')))) {
            keep.add(p);
        }
    }

    /** The lines of the kept nodes: a node is kept when its path is kept or it lies under one of the whole subtrees. */
    static List<String> filter(List<String> lines, Set<String> keep) {
        List<String> out = new ArrayList<>();
        List<String> path = new ArrayList<>();
        int skipDepth = -1;
        for (String line : lines) {
            String t = line.strip();
            if (t.endsWith("{")) {
                String name = t.substring(0, t.length() - 1).strip();
                path.add(name.equals("/") ? "" : name);
                String p = path.size() == 1 ? "/" : String.join("/", path);
                boolean kept = keep.contains(p) || whole(p) || p.equals("/") || memory(name, path.size());
                if (skipDepth < 0 && !kept) {
                    skipDepth = path.size();
                }
            } else if (t.equals("};")) {
                boolean closingSkipped = skipDepth == path.size();
                if (skipDepth < 0) {
                    out.add(line);
                }
                path.remove(path.size() - 1);
                if (closingSkipped) {
                    skipDepth = -1;
                }
                continue;
            }
            if (skipDepth < 0) {
                out.add(line);
            }
        }
        return out;
    }

    private static boolean whole(String path) {
        return path.equals("/reserved-memory") || path.startsWith("/reserved-memory/") || path.startsWith("/chosen");
    }

    private static boolean memory(String name, int depth) {
        return depth == 2 && (name.equals("memory") || name.startsWith("memory@"));
    }

    static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ":\n" + out);
        }
    }
}
