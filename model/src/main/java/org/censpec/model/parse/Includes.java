package org.censpec.model.parse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.censpec.grammar.CenParser;
import org.censpec.model.Finding;
import org.censpec.model.SourceLocation;
import org.censpec.model.io.AtomicWrite;
import org.censpec.model.io.BoundedRead;
import org.censpec.model.io.IoReason;
import org.censpec.model.rules.SpecRules;

/**
 * Splices {@code include "path";} declarations: the included file's declarations take the
 * place of the include, in order, each keeping its own file name for its locations. A
 * path is relative to the including file; it must name a {@code .cen} file in the tree of the
 * spec's folder (or of a folder given as an extra root), a regular file of at most
 * {@link SpecReader#MAX_BYTES}. A file included twice (a diamond) counts once; a cycle, a
 * missing or unreadable file, a file outside the tree, or an included file that names
 * another spec is a {@code spec.include} error at the include.
 */
final class Includes {
    /** Findings after which no model is built (the text is incomplete). */
    static final Set<String> STOPS_BUILD = Set.of("spec.syntax", "spec.encoding", "spec.too-large", "spec.include");
    /** Deeper nesting than this is surely a mistake (and bounds the recursion). */
    static final int MAX_DEPTH = 32;

    private final Set<Path> done = new HashSet<>();
    private final List<Path> includedInOrder = new ArrayList<>();
    private final List<Path> stack = new ArrayList<>();
    private final List<Path> extraRoots;
    private final List<Path> roots = new ArrayList<>();
    private String specName;

    /** @param extraRoots folders whose files may be included besides the spec's own folder tree */
    Includes(List<Path> extraRoots) {
        this.extraRoots = List.copyOf(extraRoots);
    }

    List<ModelBuilder.FileDecl> expand(String file, CenParser.SpecContext tree, List<Finding> findings) {
        specName = tree.specHeader() == null ? null : tree.specHeader().name().getText();
        List<ModelBuilder.FileDecl> out = new ArrayList<>();
        Path parent = Path.of(file).toAbsolutePath().getParent();
        roots.add(key(parent == null ? Path.of("/") : parent));
        extraRoots.forEach(r -> roots.add(key(r)));
        Path self = key(Path.of(file));
        done.add(self);
        stack.add(self);
        splice(file, tree, out, findings);
        return out;
    }

    private void splice(
            String file, CenParser.SpecContext tree, List<ModelBuilder.FileDecl> out, List<Finding> findings) {
        for (CenParser.IncludeDeclContext inc : tree.includeDecl()) {
            include(file, inc, out, findings);
        }
        for (CenParser.DeclContext d : tree.decl()) {
            if (d.includeDecl() != null) {
                include(file, d.includeDecl(), out, findings);
            } else {
                out.add(new ModelBuilder.FileDecl(file, d));
            }
        }
    }

    private void include(
            String file, CenParser.IncludeDeclContext inc, List<ModelBuilder.FileDecl> out, List<Finding> findings) {
        Token t = inc.path;
        SourceLocation at = new SourceLocation(file, t.getLine(), t.getCharPositionInLine() + 1);
        String raw = t.getText().substring(1, t.getText().length() - 1);
        if (raw.isEmpty()) {
            findings.add(Finding.of(SpecRules.INCLUDE, at, "include names no file"));
            return;
        }
        Path parent = Path.of(file).getParent();
        Path target = (parent == null ? Path.of(raw) : parent.resolve(raw)).normalize();
        String shown = target.toString();
        Path key = key(target);
        String refused = refused(key);
        if (refused != null) {
            findings.add(Finding.of(SpecRules.INCLUDE, at, "cannot include " + shown + ": " + refused));
            return;
        }
        if (stack.contains(key)) {
            List<String> cycle = new ArrayList<>();
            for (Path p : stack.subList(stack.indexOf(key), stack.size())) {
                cycle.add(p.getFileName().toString());
            }
            cycle.add(target.getFileName().toString());
            findings.add(Finding.of(SpecRules.INCLUDE, at, "include cycle: " + String.join(" -> ", cycle)));
            return;
        }
        if (!done.add(key)) {
            return; // already spliced in through another include
        }
        includedInOrder.add(key);
        if (stack.size() >= MAX_DEPTH) {
            findings.add(Finding.of(SpecRules.INCLUDE, at, "includes nested deeper than " + MAX_DEPTH));
            return;
        }
        byte[] bytes;
        try {
            bytes = BoundedRead.regularFile(target, (int) SpecReader.MAX_BYTES);
        } catch (BoundedRead.TooLarge e) {
            findings.add(Finding.of(
                    SpecRules.INCLUDE,
                    at,
                    "cannot include " + shown + ": larger than " + SpecReader.MAX_BYTES + " bytes"));
            return;
        } catch (AtomicWrite.Refused e) {
            findings.add(Finding.of(SpecRules.INCLUDE, at, "cannot include " + shown + ": " + e.getMessage()));
            return;
        } catch (NoSuchFileException e) {
            findings.add(Finding.of(SpecRules.INCLUDE, at, "cannot include " + shown + ": no such file"));
            return;
        } catch (AccessDeniedException e) {
            findings.add(Finding.of(SpecRules.INCLUDE, at, "cannot include " + shown + ": permission denied"));
            return;
        } catch (IOException e) {
            findings.add(Finding.of(SpecRules.INCLUDE, at, "cannot include " + shown + ": " + IoReason.of(e)));
            return;
        }
        String text = SpecReader.decode(shown, bytes, findings);
        if (text == null) {
            return;
        }
        CenParser.SpecContext tree = SpecReader.parseTree(shown, text, findings);
        if (tree == null) {
            return;
        }
        if (tree.specHeader() != null
                && specName != null
                && !tree.specHeader().name().getText().equals(specName)) {
            findings.add(Finding.of(
                    SpecRules.INCLUDE,
                    at,
                    shown + " declares spec '" + tree.specHeader().name().getText() + "', not '" + specName
                            + "': an included file belongs to the including spec"));
            return;
        }
        stack.add(key);
        splice(shown, tree, out, findings);
        stack.remove(stack.size() - 1);
    }

    /** The files included (real paths), in the order they were first read. */
    List<Path> included() {
        return List.copyOf(includedInOrder);
    }

    /**
     * Why a file may not be included, or null: includes name {@code .cen} files inside the
     * spec's own folder tree (after {@code ..} and symbolic links are resolved) or a folder
     * allowed with --include-root, so a spec cannot make censpec read, and quote in its
     * messages, files of the machine it is checked on.
     */
    private String refused(Path real) {
        if (real.getFileName() == null || !real.getFileName().toString().endsWith(".cen")) {
            return "not a .cen file (includes name spec files)";
        }
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return null;
            }
        }
        return "outside " + roots.get(0) + ", the folder of the spec (includes stay in its tree; --include-root DIR"
                + " allows another)";
    }

    /** The identity of a file: its real path when it exists, else its absolute normal form. */
    private static Path key(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
