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

/**
 * The operating system's reason for a failed file operation, in its own words ("Permission
 * denied", "No space left on device"): what every one-line error about a file ends with. Java
 * gives it as a FileSystemException's reason, as the message of a plain IOException, or only
 * as the exception's type; the path, which the message names already, is never the reason.
 */
public final class IoReason {
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
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof FileSystemLoopException) {
            return "Too many levels of symbolic links";
        }
        if (e instanceof NotLinkException) {
            return "Not a symbolic link";
        }
        return null;
    }
}
