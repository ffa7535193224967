package org.censpec.model.semantics;

/** The Linux errnos censpec's kernel module answers with, as a driver author reads them. */
public enum Errno {
    EPERM(1),
    ENOENT(2),
    /** The kernel refused a DMA mask (dma_set_mask()). */
    EIO(5),
    ENOMEM(12),
    EACCES(13),
    EFAULT(14),
    EBUSY(16),
    EINVAL(22),
    ENOSPC(28),
    EOPNOTSUPP(95);

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    /** The positive errno value. */
    public int value() {
        return value;
    }

    /** The kernel's return value for it: {@code -value}. */
    public int rc() {
        return -value;
    }

    /** A kernel result (0 or a negative errno) in words: {@code success}, {@code -EBUSY}, {@code error -7}. */
    public static String describe(int rc) {
        if (rc == 0) {
            return "success";
        }
        if (rc == Integer.MIN_VALUE) {
            return "an unreadable result";
        }
        for (Errno e : values()) {
            if (e.rc() == rc) {
                return "-" + e.name();
            }
        }
        return "error " + rc;
    }
}
