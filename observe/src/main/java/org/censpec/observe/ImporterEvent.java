package org.censpec.observe;

import java.util.List;
import org.censpec.model.SourceLocation;

/**
 * One {@code cen_importer} event of a recorded trace: the first attach of a device the spec
 * neither matches nor registers, as the DMA API describes it (kernel-runtime/cen_importers.c).
 *
 * @param kernel the kernel release of the {@code # censpec-record} header before the event
 *     ({@code ""} without one)
 * @param dev the device's {@code dev_name()}
 * @param compatibles its devicetree node's compatible strings, most specific first (none
 *     without a node)
 */
public record ImporterEvent(
        SourceLocation where,
        String kernel,
        String dev,
        List<String> compatibles,
        long dmaMask,
        long busLimit,
        boolean iommu,
        long busOffset,
        long maxSegment) {

    public ImporterEvent {
        compatibles = List.copyOf(compatibles);
    }

    /** One key per sighting that differs: the kernel, the device and its view (not where it was logged). */
    public String key() {
        return kernel + "\n" + dev + "\n" + view();
    }

    /** What the DMA API knows of the device, without where and when it was seen. */
    public String view() {
        return (compatibles.isEmpty() ? "no devicetree node" : "compatible " + String.join(", ", compatibles))
                + "; DMA mask 0x" + Long.toHexString(dmaMask)
                + (busLimit == 0 ? "" : ", bus limit 0x" + Long.toHexString(busLimit))
                + (iommu ? ", IOMMU" : ", no IOMMU")
                + (busOffset == 0 ? "" : ", bus offset 0x" + Long.toHexString(busOffset))
                + ", max segment " + maxSegment;
    }
}
