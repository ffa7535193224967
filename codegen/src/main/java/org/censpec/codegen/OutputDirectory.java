package org.censpec.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.censpec.codegen.emit.GeneratedFiles;

/**
 * A directory that holds exactly one generation's output. Writing builds the whole
 * output in a sibling temporary directory and swaps it in with renames, so a failure or a
 * kill never leaves a mix of old and new files; it refuses to replace a directory holding
 * anything censpec did not write. One writer at a time holds the lock file
 * {@code .DIR.lock} beside it; the temporary siblings of killed runs are removed by the
 * next writer. {@link #differences} is the drift check.
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
        if (Files.isSymbolicLink(dir)) {
            return dir + " is a symbolic link; censpec replaces only a directory it wrote, never a link";
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
        return foreign();
    }

    /**
     * Why the directory holds something censpec did not write, or null: every entry (not
     * following links) must be the manifest, a regular file it lists, or a folder holding one;
     * a link, an empty or unlisted folder, a device or FIFO is someone else's.
     */
    private String foreign() throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        List<String> existing = entries(dir);
        if (existing.isEmpty()) {
            return null;
        }
        if (!Files.isRegularFile(dir.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
            return "refusing to replace " + dir + ": it holds files censpec did not write (no " + MANIFEST + ")";
        }
        TreeSet<String> known = new TreeSet<>(manifestEntries());
        known.add(MANIFEST);
        TreeSet<String> folders = new TreeSet<>();
        for (String k : known) {
            for (Path p = Path.of(k).getParent(); p != null; p = p.getParent()) {
                folders.add(p.toString().replace('\\', '/'));
            }
        }
        for (String f : existing) {
            Path p = dir.resolve(f);
            boolean ok = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    ? known.contains(f)
                    : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && folders.contains(f);
            if (!ok) {
                return "refusing to replace " + dir + ": " + f + " is not a generated file";
            }
        }
        return null;
    }

    /** The directory's contents changed under us: someone else's file, a link... refused, nothing written. */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** Another run holds the directory's lock: it is writing the same directory now. */
    public static final class BusyException extends IOException {
        private static final long serialVersionUID = 1L;

        BusyException(String message) {
            super(message);
        }
    }

    /**
     * Writes the files: all of them or, on failure, none. Only one writer at a time: a
     * second run writing the same directory meanwhile gets {@link BusyException}. Under
     * that lock the temporary siblings of runs that were killed are removed first, and the
     * directory is judged again just before the swap ({@link RefusedException}: a file put there
     * while the check ran, a link put in its place, is never deleted). Failures name the
     * directory and say it was left as it was.
     */
    public void write(GeneratedFiles files) throws IOException {
        Path parent = dir.getParent();
        try {
            Files.createDirectories(parent);
            Lock lock = Lock.take(parent.resolve("." + dir.getFileName() + ".lock"), dir);
            try {
                removeStaleSiblings();
                swapIn(files);
            } finally {
                lock.close();
            }
        } catch (BusyException | RefusedException e) {
            throw e;
        } catch (IOException e) {
            throw new FileSystemException(
                    dir.toString(), null, reason(e) + "; the output directory was left as it was");
        }
    }

    private void swapIn(GeneratedFiles files) throws IOException {
        Path parent = dir.getParent();
        Path tmp = Files.createTempDirectory(parent, tmpPrefix());
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
            String refused = Files.isSymbolicLink(dir)
                    ? dir + " is a symbolic link; censpec replaces only a" + " directory it wrote, never a link"
                    : foreign();
            if (refused != null) {
                throw new RefusedException(refused + " (it changed while censpec was checking); nothing written");
            }
            Path old = null;
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                old = Files.createTempDirectory(parent, oldPrefix());
                Files.delete(old);
                move(dir, old);
            }
            try {
                move(tmp, dir);
            } catch (IOException e) {
                if (old != null) {
                    move(old, dir); // put the old output back
                }
                throw e;
            }
            tmp = null;
            if (old != null) {
                deleteQuietly(old); // a leftover is removed by the next run
            }
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Temporary siblings of earlier runs killed before they could remove them (we hold the lock). */
    private void removeStaleSiblings() throws IOException {
        try (Stream<Path> s = Files.list(dir.getParent())) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if ((n.startsWith(tmpPrefix()) || n.startsWith(oldPrefix()))
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(p);
                }
            }
        }
    }

    private String tmpPrefix() {
        return "." + dir.getFileName() + ".tmp-";
    }

    private String oldPrefix() {
        return "." + dir.getFileName() + ".old-";
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * An exclusive lock on a hidden file beside the directory, released when the run ends
     * or dies. The file stays: deleting a lock file lets two runs lock two different files.
     */
    private static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        static Lock take(Path path, Path dir) throws IOException {
            String notRegular = org.censpec.model.io.AtomicWrite.notRegular(path);
            if (notRegular != null) {
                throw new RefusedException("the lock file " + path + " " + notRegular);
            }
            FileChannel ch = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock held;
            try {
                held = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null; // a thread of this JVM is writing it
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            if (held == null) {
                ch.close();
                throw new BusyException("another censpec generate is writing " + dir + " (it holds " + path
                        + "); try again when it has finished");
            }
            return new Lock(ch);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Paths that differ between the directory and the files: changed, missing or extra. */
    public List<String> differences(GeneratedFiles files) throws IOException {
        List<String> out = new ArrayList<>();
        TreeSet<String> present =
                Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? new TreeSet<>(list(dir)) : new TreeSet<>();
        for (Map.Entry<String, String> e : files.files().entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!present.remove(e.getKey())) {
                out.add("missing: " + e.getKey());
            } else if (!contentEquals(f, e.getValue())) {
                out.add("differs: " + e.getKey());
            }
        }
        for (String extra : present) {
            out.add("extra:   " + extra);
        }
        return out;
    }

    /** Whether a generated file holds {@code text} (read at most a little more than that: a file grown huge is different). */
    private static boolean contentEquals(Path f, String text) throws IOException {
        byte[] want = text.getBytes(StandardCharsets.UTF_8);
        try (java.io.InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
            return java.util.Arrays.equals(in.readNBytes(want.length + 1), want);
        }
    }

    private List<String> manifestEntries() throws IOException {
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(dir.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(1 << 20);
        }
        return new String(bytes, StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .toList();
    }

    /** Regular files under {@code root}, not following links. */
    private static List<String> list(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    /** Every entry under {@code root} (files, folders, links, anything), not following links. */
    private static List<String> entries(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (UncheckedIOException e) {
            // left for the next run, which removes stale siblings under the lock
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
