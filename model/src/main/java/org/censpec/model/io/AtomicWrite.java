package org.censpec.model.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Set;

/**
 * Writes a file so that a reader never sees half of it: the text goes to a new temporary file
 * in the target's directory (created exclusively, so never through a link), which is then
 * moved over the target in one step. Only a regular file or nothing is ever replaced: a
 * symbolic link, a device, a FIFO, a socket or a directory at the target is refused
 * ({@link Refused}), checked before the run ({@link #problem}) and again just before the move.
 * A replaced file keeps its permissions; a new one is {@code rw-r--r--}.
 */
public final class AtomicWrite {
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicWrite() {}

    /** A target censpec will not write: the message is the one-line reason. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        public Refused(String reason) {
            super(reason);
        }
    }

    public static void write(Path target, String text) throws IOException {
        Path abs = target.toAbsolutePath();
        String notRegular = notRegular(abs);
        if (notRegular != null) {
            throw new Refused(notRegular);
        }
        Set<PosixFilePermission> mode = existingMode(abs);
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, mode != null ? mode : NEW_FILE);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            replace(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Moves {@code tmp} over {@code target} in one step, after checking once more that the
     * target is a regular file or absent (a link or device put there meanwhile is refused).
     */
    static void replace(Path tmp, Path target) throws IOException {
        String notRegular = notRegular(target);
        if (notRegular != null) {
            throw new Refused(notRegular);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Why a report cannot be written to {@code target}, or null when it looks writable. */
    public static String problem(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        String notRegular = notRegular(abs);
        if (notRegular != null) {
            return notRegular;
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return "no such directory: " + (dir == null ? "/" : dir);
        }
        if (!Files.isWritable(dir)) {
            return "directory not writable: " + dir;
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            return "file not writable";
        }
        return null;
    }

    /** {@link #problem(Path)}, and refuses a target that is one of the run's {@code inputs}. */
    public static String problem(Path target, Collection<Path> inputs) {
        for (Path in : inputs) {
            if (sameFile(target, in)) {
                return "is " + in + ", an input of this run; it would be replaced";
            }
        }
        return problem(target);
    }

    /** Whether two paths name one file: the same path, or (both existing) the same inode through links. */
    public static boolean sameFile(Path a, Path b) {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        if (x.equals(y)) {
            return true;
        }
        try {
            return Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Null when {@code target} is absent or a regular file (not a link to one), else what it is:
     * censpec replaces regular files only.
     */
    public static String notRegular(Path target) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null; // absent (or unreadable: the write reports why)
        }
        if (a.isRegularFile()) {
            return null;
        }
        String what = a.isSymbolicLink()
                ? "a symbolic link"
                : a.isDirectory() ? "a directory" : "not a regular file (a device, FIFO or socket)";
        return "is " + what + "; censpec writes only regular files, never through or over anything else";
    }

    private static Set<PosixFilePermission> existingMode(Path target) {
        try {
            return Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .permissions();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The reason a write failed, in the operating system's words ({@link IoReason}). */
    public static String reason(IOException e) {
        return IoReason.of(e);
    }
}
