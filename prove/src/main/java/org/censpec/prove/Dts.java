package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;

/** Devicetree source values as the board's fragment writes them. */
final class Dts {
    private Dts() {}

    /** {@code value} as {@code cells} 32-bit cells; refuses a value that does not fit. */
    static String cells(long value, int cells) {
        if (cells == 1 && Long.compareUnsigned(value, 0xffff_ffffL) > 0) {
            throw new IllegalArgumentException(Sizes.hex(value) + " does not fit one cell");
        }
        List<String> out = new ArrayList<>();
        for (int i = cells - 1; i >= 0; i--) {
            out.add(String.format("0x%x", i >= 2 ? 0 : (value >>> (32 * i)) & 0xffff_ffffL));
        }
        return String.join(" ", out);
    }

    /** Whether {@code value} fits {@code cells} cells. */
    static boolean fits(long value, int cells) {
        return cells >= 2 || Long.compareUnsigned(value, 0xffff_ffffL) <= 0;
    }
}
