package org.censpec.model.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * How {@code censpec fmt} replaces a spec with its new text: atomically (a temporary sibling
 * renamed over it) and as the same file to everyone else. A symbolic link is followed and its
 * target rewritten (the link stays a link); the new file gets the old one's permissions, owner
 * and group. What a rename cannot keep is refused before anything is written ({@link
 * AtomicWrite.Refused}): a file with several hard links (the others would keep the old text), a
 * read-only file (no owner write permission), a file whose owner or group the rewriting user
 * cannot give the new file.
 */
public final class InPlaceRewrite {
    private InPlaceRewrite() {}

    public static void rewrite(Path file, String text) throws IOException {
        Path real = file.toRealPath();
        PosixFileAttributes a = Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new AtomicWrite.Refused(AtomicWrite.notRegular(real));
        }
        Object links = Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        if (links instanceof Integer n && n > 1) {
            throw new AtomicWrite.Refused("has " + n + " hard links; rewriting it would split them (the others"
                    + " would keep the old text); nothing written");
        }
        if (!a.permissions().contains(PosixFilePermission.OWNER_WRITE)) {
            throw new AtomicWrite.Refused("is read-only; nothing written");
        }
        Path tmp = Files.createTempFile(real.getParent(), "." + real.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, a.permissions());
            keepOwner(tmp, a);
            AtomicWrite.replace(tmp, real);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void keepOwner(Path tmp, PosixFileAttributes a) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        PosixFileAttributes now = view.readAttributes();
        try {
            if (!now.owner().equals(a.owner())) {
                view.setOwner(a.owner());
            }
            if (!now.group().equals(a.group())) {
                view.setGroup(a.group());
            }
        } catch (FileSystemException e) {
            throw new AtomicWrite.Refused(
                    "belongs to " + a.owner().getName() + ":" + a.group().getName()
                            + ", which the rewritten file could not keep (" + IoReason.of(e) + "); nothing written");
        }
    }
}
