package org.censpec.codegen.kernel;

import java.util.List;

/**
 * A DMA master of the spec.
 *
 * @param nameLiteral  its name as a C string, e.g. {@code "unicam"}
 * @param constName    enum constant, e.g. {@code RPI4_CAMERA_DEV_UNICAM}
 * @param dmaBits      DMA address width as a C literal, e.g. {@code 30}
 * @param alignLiteral C literal of the alignment it needs
 * @param alignHuman   the alignment for a comment
 * @param maskMacro    macro of its constraint mask, e.g. {@code RPI4_CAMERA_DEV_UNICAM_MASK}
 * @param maskHex      its constraint mask as a C literal, e.g. {@code 0x1U}
 * @param last         last device of the spec
 * @param iommu        the device sits behind an IOMMU
 * @param protectedOk  the device may access protected memory
 * @param matchLiterals C string literals of its match strings, in the order written
 * @param hasMatch     it has at least one match string
 * @param matchArray   name of the C array of its match strings, e.g. {@code cen_match_hvs}
 */
public record DeviceView(
        String nameLiteral,
        String constName,
        String dmaBits,
        String alignLiteral,
        String alignHuman,
        String maskMacro,
        String maskHex,
        boolean last,
        boolean iommu,
        boolean protectedOk,
        List<String> matchLiterals,
        boolean hasMatch,
        String matchArray) {

    public DeviceView {
        matchLiterals = List.copyOf(matchLiterals);
    }
}
