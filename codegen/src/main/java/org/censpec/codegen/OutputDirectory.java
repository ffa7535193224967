package org.censpec.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A directory that holds exactly one generation's output. Writing builds the whole
 * output in a sibling temporary directory and swaps it in with renames, so a failure
 * never leaves half-written files; it refuses to replace a directory holding anything
 * censpec did not write. {@link #differences} is the drift check.
 */
public final class OutputDirectory {
    /** Lists the generated files; its presence marks a directory as censpec's. */
    public static final String MANIFEST = ".censpec-manifest";

    private final Path dir;

    public OutputDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Adds the manifest to a generation's files. */
    public static GeneratedFiles withManifest(GeneratedFiles files, String banner) {
        StringBuilder sb = new StringBuilder("# ").append(banner).append('\n');
        for (String path : files.files().keySet()) {
            sb.append(path).append('\n');
        }
        return files.plus(GeneratedFiles.of(Map.of(MANIFEST, sb.toString())));
    }

    /** Why this directory cannot receive output, or null when it can. */
    public String problem(Path specFile) throws IOException {
        Path spec = specFile.toAbsolutePath().normalize();
        if (spec.startsWith(dir)) {
            return dir + " contains the spec " + specFile + "; choose an output directory of its own";
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        Path parent = dir.getParent();
        if (parent == null) {
            return "cannot write to the root directory";
        }
        if (Files.exists(parent) && !Files.isWritable(parent)) {
            return parent + " is not writable";
        }
        if (Files.isDirectory(dir)) {
            List<String> existing = list(dir);
            if (!existing.isEmpty() && !existing.contains(MANIFEST)) {
                return "refusing to replace " + dir + ": it holds files censpec did not write (no " + MANIFEST + ")";
            }
            if (existing.contains(MANIFEST)) {
                TreeSet<String> known = new TreeSet<>(manifestEntries());
                known.add(MANIFEST);
                for (String f : existing) {
                    if (!known.contains(f)) {
                        return "refusing to replace " + dir + ": " + f + " is not a generated file";
                    }
                }
            }
        }
        return null;
    }

    /** Writes the files: all of them or, on failure, none. */
    public void write(GeneratedFiles files) throws IOException {
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp-");
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            for (Map.Entry<String, String> e : files.files().entrySet()) {
                Path target = tmp.resolve(e.getKey()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("generated path escapes the output directory: " + e.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
            }
            Path old = null;
            if (Files.exists(dir)) {
                old = Files.createTempDirectory(parent, "." + dir.getFileName() + ".old-");
                Files.delete(old);
                move(dir, old);
            }
            move(tmp, dir);
            tmp = null;
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** Paths that differ between the directory and the files: changed, missing or extra. */
    public List<String> differences(GeneratedFiles files) throws IOException {
        List<String> out = new ArrayList<>();
        TreeSet<String> present = Files.isDirectory(dir) ? new TreeSet<>(list(dir)) : new TreeSet<>();
        for (Map.Entry<String, String> e : files.files().entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!present.remove(e.getKey())) {
                out.add("missing: " + e.getKey());
            } else if (!Files.readString(f, StandardCharsets.UTF_8).equals(e.getValue())) {
                out.add("differs: " + e.getKey());
            }
        }
        for (String extra : present) {
            out.add("extra:   " + extra);
        }
        return out;
    }

    private List<String> manifestEntries() throws IOException {
        return Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    private static List<String> list(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
