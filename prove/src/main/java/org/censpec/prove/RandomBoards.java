package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random user-like boards: a devicetree source and a spec for it, from a seed. RAM at 0, 1 or 2
 * GiB; a default CMA pool or none; up to two more reusable pools the spec names as regions (one
 * of them perhaps static); one or two buses, with or without a dma-ranges window (an offset
 * window like the Raspberry Pi's, or a limit); two to six DMA masters on them, some behind an
 * IOMMU, some coherent, some needing contiguous memory; shares of devices with a common
 * allocator and a max_size the board can back; flows in which every device attaches before the
 * first map. The spec is the one a user would write for that board: each device matched by its
 * compatible, a dma_bits the board's windows keep.
 */
public final class RandomBoards {
    /** One board: the devicetree source (dtc compiles it) and its spec. */
    public record RandomBoard(long seed, String dts, String spec) {
        public String dtbName() {
            return "random" + seed + ".dtb";
        }
    }

    private record Dev(String name, int bits, boolean iommu, boolean contiguous, int bus) {}

    private final Random rnd;
    private final long seed;
    private final StringBuilder dts = new StringBuilder();
    private final StringBuilder spec = new StringBuilder();
    private final List<Dev> devices = new ArrayList<>();
    private long ramBase;
    private long cmaSize;
    private final List<long[]> pools = new ArrayList<>();

    private RandomBoards(long seed) {
        this.seed = seed;
        this.rnd = new Random(seed);
    }

    public static RandomBoard of(long seed) {
        RandomBoards r = new RandomBoards(seed);
        r.board();
        return new RandomBoard(seed, r.dts.toString(), r.spec.toString());
    }

    private static final long M = 1L << 20;

    private void board() {
        ramBase = new long[] {0, 1L << 30, 2L << 30}[rnd.nextInt(3)];
        long ramSize = new long[] {2L << 30, 4L << 30}[rnd.nextInt(2)];
        cmaSize = rnd.nextInt(3) == 0 ? 0 : new long[] {32 * M, 64 * M, 128 * M}[rnd.nextInt(3)];
        int nPools = rnd.nextInt(3);
        dts.append("/dts-v1/;\n\n/ {\n\tmodel = \"censpec random board ")
                .append(seed)
                .append("\";\n");
        dts.append("\t#address-cells = <2>;\n\t#size-cells = <2>;\n\n");
        dts.append("\tmemory@")
                .append(Long.toHexString(ramBase))
                .append(" {\n\t\tdevice_type = \"memory\";\n\t\treg = <")
                .append(Dts.cells(ramBase, 2))
                .append(' ')
                .append(Dts.cells(ramSize, 2))
                .append(">;\n\t};\n\n");
        reservedMemory(nPools);
        int buses = 1 + rnd.nextInt(2);
        int n = 2 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            devices.add(new Dev("dev" + i, 0, rnd.nextInt(4) == 0, rnd.nextInt(3) == 0, rnd.nextInt(buses)));
        }
        boolean[] window = new boolean[buses];
        for (int b = 0; b < buses; b++) {
            // an offset window onto the RAM's first GiB, where the language can say the reach (RAM from 0 or 1 GiB)
            window[b] = ramBase < (2L << 30) && rnd.nextBoolean();
            bus(b, window[b]);
        }
        dts.append("};\n");
        spec(ramSize, window);
    }

    private void reservedMemory(int nPools) {
        dts.append("\treserved-memory {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tranges;\n");
        if (cmaSize > 0) {
            dts.append(
                            "\n\t\tlinux,cma {\n\t\t\tcompatible = \"shared-dma-pool\";\n\t\t\treusable;\n\t\t\tlinux,cma-default;\n")
                    .append("\t\t\tsize = <")
                    .append(Dts.cells(cmaSize, 2))
                    .append(">;\n\t\t};\n");
        }
        for (int i = 0; i < nPools; i++) {
            long size = new long[] {8 * M, 16 * M, 32 * M}[rnd.nextInt(3)];
            boolean placed = rnd.nextBoolean();
            long at = ramBase + (256 + 64L * i) * M;
            pools.add(new long[] {i, size});
            dts.append("\n\t\tpool")
                    .append(i)
                    .append(placed ? "@" + Long.toHexString(at) : "")
                    .append(" {\n")
                    .append("\t\t\tcompatible = \"shared-dma-pool\";\n\t\t\treusable;\n");
            if (placed) {
                dts.append("\t\t\treg = <")
                        .append(Dts.cells(at, 2))
                        .append(' ')
                        .append(Dts.cells(size, 2))
                        .append(">;\n");
            } else {
                dts.append("\t\t\tsize = <").append(Dts.cells(size, 2)).append(">;\n");
            }
            dts.append("\t\t};\n");
        }
        dts.append(
                        "\t};\n\n\tiommu@f0000000 {\n\t\tcompatible = \"rnd,iommu\";\n\t\treg = <0x0 0xf0000000 0x0 0x1000>;\n")
                .append("\t\t#iommu-cells = <0>;\n\t\tphandle = <0x1>;\n\t};\n\n");
    }

    /** A bus at 0x1b00000 * (b + 1); a window maps bus 0xc0000000 to the RAM's first GiB. */
    private void bus(int b, boolean window) {
        long base = 0x1000_0000L * (b + 1);
        dts.append("\tbus@")
                .append(Long.toHexString(base))
                .append(" {\n\t\tcompatible = \"simple-bus\";\n")
                .append("\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges = <0x0 ")
                .append(Dts.cells(base, 2))
                .append(" 0x1000000>;\n");
        if (window) {
            dts.append("\t\tdma-ranges = <0xc0000000 ")
                    .append(Dts.cells(ramBase, 2))
                    .append(" 0x40000000>;\n");
        }
        for (int i = 0; i < devices.size(); i++) {
            Dev d = devices.get(i);
            if (d.bus() != b) {
                continue;
            }
            dts.append("\n\t\t")
                    .append(d.name())
                    .append('@')
                    .append(Integer.toHexString(0x10000 * (i + 1)))
                    .append(" {\n")
                    .append("\t\t\tcompatible = \"rnd,")
                    .append(d.name())
                    .append("\";\n")
                    .append("\t\t\treg = <0x")
                    .append(Integer.toHexString(0x10000 * (i + 1)))
                    .append(" 0x1000>;\n");
            if (d.iommu()) {
                dts.append("\t\t\tiommus = <0x1>;\n");
            }
            if (rnd.nextBoolean()) {
                dts.append("\t\t\tdma-coherent;\n");
            }
            dts.append("\t\t};\n");
        }
        dts.append("\t};\n\n");
    }

    private void spec(long ramSize, boolean[] window) {
        spec.append("// Generated by `censpec import-dt` from random")
                .append(seed)
                .append(".dtb (model \"censpec random board ")
                .append(seed)
                .append("\").\nspec random")
                .append(seed)
                .append(";\n");
        spec.append("ram ")
                .append(ramSize >> 20)
                .append('M')
                .append(ramBase == 0 ? "" : " at " + (ramBase >> 20) + "M")
                .append(";\n");
        spec.append("property contiguous;\n");
        spec.append("allocator system { backend pages; }\n");
        for (long[] p : pools) {
            String name = "pool" + p[0];
            spec.append("allocator ")
                    .append(name)
                    .append(" { backend contiguous; provides contiguous; region \"")
                    .append(name)
                    .append("\"; size ")
                    .append(p[1] >> 20)
                    .append("M; }\n");
        }
        spec.append("allocator cma { backend contiguous; provides contiguous; }\n");
        boolean windows = devices.stream().anyMatch(d -> !d.iommu() && window[d.bus()]);
        if (windows) {
            // the default CMA area, for the devices behind a window: only the RAM's first GiB is theirs
            spec.append("allocator low { backend contiguous; provides contiguous; below ")
                    .append((ramBase >> 20) + 1024)
                    .append("M; }\n");
        }
        for (Dev d : devices) {
            // behind the window a device reaches [ram base, ram base + 1 GiB): 2^30 or 2^31
            int bits = d.iommu() ? 32 : window[d.bus()] ? (ramBase == 0 ? 30 : 31) : 36;
            spec.append("device ")
                    .append(d.name())
                    .append(" { dma_bits ")
                    .append(bits)
                    .append(';')
                    .append(d.iommu() ? " iommu;" : "")
                    .append(d.contiguous() ? " requires contiguous;" : "")
                    .append(" match \"rnd,")
                    .append(d.name())
                    .append("\"; }\n");
        }
        shares();
    }

    private void shares() {
        for (int i = 0; i + 1 < devices.size(); i += 2) {
            Dev a = devices.get(i);
            Dev b = devices.get(i + 1);
            String s = "s" + i;
            spec.append("share ")
                    .append(s)
                    .append(" { ")
                    .append(a.name())
                    .append(", ")
                    .append(b.name())
                    .append(" } max_size ")
                    .append(new int[] {1, 2, 4}[rnd.nextInt(3)])
                    .append("M;\n");
            spec.append("flow f")
                    .append(i)
                    .append(" on ")
                    .append(s)
                    .append(" {\n    actor x { a: attach ")
                    .append(a.name())
                    .append("; wait y.b; map ")
                    .append(a.name())
                    .append("; done: unmap ")
                    .append(a.name())
                    .append("; }\n")
                    .append("    actor y { b: attach ")
                    .append(b.name())
                    .append("; wait x.done; map ")
                    .append(b.name())
                    .append("; unmap ")
                    .append(b.name())
                    .append("; detach ")
                    .append(b.name())
                    .append("; }\n")
                    .append("    actor z { wait x.a; wait y.b; }\n}\n");
        }
    }
}
