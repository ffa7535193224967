package org.censpec.codegen.kernel;

/**
 * One line {@code #define <name><pad><value>} of a block whose values are tab-aligned.
 *
 * @param name  macro name
 * @param pad   tabs that bring the value to the block's column
 * @param value replacement text
 */
public record DefineView(String name, String pad, String value) {}
