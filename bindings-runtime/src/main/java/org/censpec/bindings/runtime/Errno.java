// censpec Java bindings runtime: hand-written, shared by every board's generated tables
// (Allocator, Device, Property, Share in org.censpec.bindings.<spec>).
package org.censpec.bindings.runtime;

/** Names of the errno values the module (and the process's fd table) returns. */
public final class Errno {
    public static final int ENOENT = 2;
    public static final int EBADF = 9;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;

    private Errno() {}

    /** The symbolic name of an errno, or "errno N". */
    public static String name(int errno) {
        switch (errno) {
            case ENOENT:
                return "ENOENT";
            case EBADF:
                return "EBADF";
            case ENOMEM:
                return "ENOMEM";
            case EACCES:
                return "EACCES";
            case EFAULT:
                return "EFAULT";
            case EBUSY:
                return "EBUSY";
            case EINVAL:
                return "EINVAL";
            case EMFILE:
                return "EMFILE";
            case ENOTTY:
                return "ENOTTY";
            default:
                return "errno " + errno;
        }
    }
}
