package org.censpec.verify.observe;

/** The errnos the module's events carry, as a driver author reads them. */
final class Errno {
    static final int EBUSY = -16;
    static final int EINVAL = -22;

    private Errno() {
    }

    static String describe(int rc) {
        return switch (rc) {
            case 0 -> "success";
            case -1 -> "-EPERM";
            case -2 -> "-ENOENT";
            case -12 -> "-ENOMEM";
            case -13 -> "-EACCES";
            case -14 -> "-EFAULT";
            case EBUSY -> "-EBUSY";
            case EINVAL -> "-EINVAL";
            case -28 -> "-ENOSPC";
            case -95 -> "-EOPNOTSUPP";
            case Integer.MIN_VALUE -> "an unreadable result";
            default -> "error " + rc;
        };
    }
}
