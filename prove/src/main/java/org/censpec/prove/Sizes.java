package org.censpec.prove;

/** Sizes and addresses as the prove report writes them. */
public final class Sizes {
    private Sizes() {}

    /** {@code 128 MiB}, {@code 4 KiB}, {@code 1 GiB}; bytes when no unit divides it. */
    public static String human(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes >> shifts[i]) + " " + units[i];
            }
        }
        return bytes + " bytes";
    }

    public static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
