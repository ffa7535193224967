package org.censpec.tools.dt;

import java.math.BigInteger;

/** One entry of a {@code ranges} or {@code dma-ranges} property: child, parent, length. */
record DmaRange(BigInteger child, BigInteger parent, BigInteger length) {
    /** The part of {@code w} this entry translates one level up, or null when they do not overlap. */
    Window translate(Window w) {
        BigInteger lo = w.phys().max(child);
        BigInteger hi = w.physEnd().min(child.add(length));
        if (lo.compareTo(hi) >= 0) {
            return null;
        }
        BigInteger busLo = w.bus().add(lo.subtract(w.phys()));
        return new Window(busLo, parent.add(lo.subtract(child)), hi.subtract(lo));
    }
}
