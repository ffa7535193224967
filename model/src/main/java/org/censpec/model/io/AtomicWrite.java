package org.censpec.model.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a report so that a reader never sees half of it: the text goes to a temporary
 * file in the target's directory, which is then moved over the target in one step.
 */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    public static void write(Path target, String text) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Why a report cannot be written to {@code target}, or null when it looks writable. */
    public static String problem(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return "is a directory";
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

    /** The reason a write failed, in the operating system's words ({@link IoReason}). */
    public static String reason(IOException e) {
        return IoReason.of(e);
    }
}
