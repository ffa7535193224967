package org.censpec.codegen.kernel;

import java.util.List;

/**
 * A set of devices that may attach to one buffer; it gets its own heap.
 *
 * @param name      spec name, e.g. {@code preview}
 * @param constName enum constant, e.g. {@code RPI4_CAMERA_SHARE_PREVIEW}
 * @param members   spec names of its devices, in the order written
 * @param maskMacro macro of its initial access mask (AND of the members' masks)
 * @param maskHex   that mask as a C literal
 * @param last      last share of the spec
 */
public record ShareView(
        String name, String constName, List<String> members, String maskMacro, String maskHex, boolean last) {

    public ShareView {
        members = List.copyOf(members);
    }
}
