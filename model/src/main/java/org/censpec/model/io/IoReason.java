package org.censpec.model.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Map;

/**
 * The operating system's reason for a failed file operation, in its own words ("Permission
 * denied", "No space left on device"): what every one-line error about a file ends with. Java
 * gives it as a FileSystemException's reason, as the message of a plain IOException, or only
 * as the exception's type; the path, which the message names already, is never the reason.
 */
public final class IoReason {
    /** strerror's words for the exceptions Java names by type alone, most specific first. */
    private static final Map<Class<? extends IOException>, String> BY_TYPE = Map.of(
            AccessDeniedException.class, "Permission denied",
            NoSuchFileException.class, "No such file or directory",
            NotDirectoryException.class, "Not a directory",
            FileAlreadyExistsException.class, "File exists",
            DirectoryNotEmptyException.class, "Directory not empty",
            FileSystemLoopException.class, "Too many levels of symbolic links",
            NotLinkException.class, "Not a symbolic link");

    private IoReason() {}

    public static String of(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String byType = byType(e);
        if (byType != null) {
            return byType;
        }
        if (e instanceof FileSystemException || e.getMessage() == null) {
            return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        }
        return e.getMessage();
    }

    private static String byType(IOException e) {
        for (Class<?> c = e.getClass(); c != IOException.class; c = c.getSuperclass()) {
            String reason = BY_TYPE.get(c);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }
}
