package org.censpec.tools.dt;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's default CMA area when the devicetree declares none ({@code linux,cma-default}):
 * its size comes from the kernel ({@code CONFIG_CMA_SIZE_MBYTES}, 64 MiB in Debian's arm64
 * kernels, or {@code cma=} on the command line: {@code --cma SIZE}), and arm64 places it below
 * the ZONE_DMA limit, which the devicetree's most constrained {@code dma-ranges} sets, at most
 * 4 GiB (arch/arm64/mm/init.c: zone_dma_bits, max_zone_phys; dma_contiguous_reserve).
 */
record DefaultCma(BigInteger size, String sizeFrom, Optional<BigInteger> below, String belowFrom) {
    /** Debian's arm64 kernels: CONFIG_CMA_SIZE_MBYTES=64 (6.1 and 6.12). */
    static final BigInteger DEBIAN_SIZE = BigInteger.valueOf(64L << 20);

    private static final BigInteger U32_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);

    /**
     * The default area, or empty when the devicetree has one ({@code linux,cma-default}) or
     * {@code --cma 0} says the kernel has none.
     */
    static Optional<DefaultCma> of(
            Optional<BigInteger> cmaOption,
            List<ReservedPools.Pool> pools,
            BigInteger ramBase,
            BigInteger ramEnd,
            Optional<BigInteger> maxCpuAddress) {
        if (pools.stream().anyMatch(ReservedPools.Pool::isDefaultCma)
                || cmaOption.map(s -> s.signum() == 0).orElse(false)) {
            return Optional.empty();
        }
        BigInteger size = cmaOption.orElse(DEBIAN_SIZE);
        String sizeFrom = cmaOption.isPresent()
                ? "--cma"
                : "CONFIG_CMA_SIZE_MBYTES=64 of Debian's arm64 kernels (cma= or --cma to say yours)";
        int bits = Math.min(32, maxCpuAddress.map(BigInteger::bitLength).orElse(64));
        BigInteger zoneMask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (ramBase.compareTo(U32_MAX) > 0) {
            return Optional.of(
                    new DefaultCma(size, sizeFrom, Optional.empty(), "RAM starts above 4 GiB: no ZONE_DMA limit"));
        }
        if (ramBase.compareTo(zoneMask) > 0) {
            zoneMask = U32_MAX;
        }
        BigInteger limit = zoneMask.min(ramEnd.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        String why = "arm64 places it below the ZONE_DMA limit, 2^" + bits
                + (bits < 32 ? " (the devicetree's narrowest dma-ranges)" : " (at most 4 GiB)");
        return Optional.of(new DefaultCma(
                size, sizeFrom, limit.compareTo(ramEnd) < 0 ? Optional.of(limit) : Optional.empty(), why));
    }

    void emit(SpecLines out, String name, boolean additions) {
        out.line(
                "allocator " + name + " {",
                "the kernel's default CMA area (no linux,cma-default pool in the devicetree)");
        out.line("    backend contiguous;", "dma_alloc_pages() from the default CMA area");
        out.line("    provides contiguous;", "physically contiguous");
        below.ifPresent(b -> out.line("    below " + DtImporter.size(b) + ";", belowFrom));
        if (additions) {
            out.line("    size " + DtImporter.size(size) + ";", sizeFrom);
        } else {
            out.comment("    size " + DtImporter.size(size) + ";  (language additions; " + sizeFrom + ")");
        }
        out.line("}", "the default CMA area");
    }
}
