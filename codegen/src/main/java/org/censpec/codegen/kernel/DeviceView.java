package org.censpec.codegen.kernel;

/**
 * A DMA master of the spec.
 *
 * @param name         spec name, e.g. {@code unicam}
 * @param constName    enum constant, e.g. {@code RPI4_CAMERA_DEV_UNICAM}
 * @param dmaBits      DMA address width as a C literal, e.g. {@code 30}
 * @param alignLiteral C literal of the alignment it needs
 * @param alignHuman   the alignment for a comment
 * @param maskMacro    macro of its constraint mask, e.g. {@code RPI4_CAMERA_DEV_UNICAM_MASK}
 * @param maskHex      its constraint mask as a C literal, e.g. {@code 0x1U}
 * @param last         last device of the spec
 */
public record DeviceView(
        String name,
        String constName,
        String dmaBits,
        String alignLiteral,
        String alignHuman,
        String maskMacro,
        String maskHex,
        boolean last) {
}
