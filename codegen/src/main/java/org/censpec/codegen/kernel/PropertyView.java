package org.censpec.codegen.kernel;

/**
 * A property of backing storage.
 *
 * @param name      spec name, e.g. {@code contiguous}
 * @param constName enum constant, e.g. {@code RPI4_CAMERA_PROP_CONTIGUOUS}
 * @param last      last property of the spec
 */
public record PropertyView(String name, String constName, boolean last) {}
