package org.censpec.tools.dt;

import java.math.BigInteger;

/**
 * One translated DMA window: device-side (bus) addresses {@code [bus, bus+length)} reach
 * CPU physical addresses {@code [phys, phys+length)}.
 */
record Window(BigInteger bus, BigInteger phys, BigInteger length) {
    static final BigInteger ALL = BigInteger.ONE.shiftLeft(64);

    /** The identity over the whole 64-bit address space: no bus limit. */
    static Window identity() {
        return new Window(BigInteger.ZERO, BigInteger.ZERO, ALL);
    }

    BigInteger busEnd() {
        return bus.add(length);
    }

    BigInteger physEnd() {
        return phys.add(length);
    }

    static String hex(BigInteger n) {
        return "0x" + n.toString(16);
    }

    @Override
    public String toString() {
        return "bus [" + hex(bus) + ", " + hex(busEnd()) + ") -> phys [" + hex(phys) + ", " + hex(physEnd()) + ")";
    }
}
