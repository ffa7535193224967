package org.censpec.prove;

/**
 * A qemu arm64 machine prove boots, as the board's devicetree fragment must address it: where
 * its RAM starts, the cells of its root node (for {@code dma-ranges} parents) and of its
 * {@code /reserved-memory}, and the nodes its devicetree extension (prove/guest/*-extra.dtsi)
 * adds that a board's fragment replaces: the default CMA pool, the censpec-pool and the
 * generic test importers.
 */
public record GuestMachine(
        String name, long ramBase, int rootCells, int reservedCells, String extensionPools, String extensionImporters) {
    /** qemu's virt machine: RAM from 1 GiB, 2-cell addresses (guest/arm64-extra.dtsi). */
    public static final GuestMachine VIRT = new GuestMachine(
            "virt",
            1L << 30,
            2,
            2,
            "\t\t/delete-node/ linux,cma;\n\t\t/delete-node/ censpec-pool;\n",
            "\t/delete-node/ censpec-soc;\n\t/delete-node/ importer-noncoherent;\n");
    /** qemu's raspi3b: RAM from 0, 1-cell addresses (Debian's bcm2837-rpi-3-b.dtb, guest/raspi3b-extra.dtsi). */
    public static final GuestMachine RASPI3B = new GuestMachine(
            "raspi3b",
            0,
            1,
            1,
            "\t\t/delete-node/ linux,cma;\n\t\t/delete-node/ censpec-pool;\n",
            "\t/delete-node/ rpi4-soc;\n\tsoc {\n\t\t/delete-node/ importer-soc;\n\t};\n");

    public static GuestMachine named(String name) {
        return name.equals(RASPI3B.name) ? RASPI3B : VIRT;
    }
}
