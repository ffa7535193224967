package org.censpec.model;

import java.util.Optional;

/**
 * {@code heap_access [group "NAME"] [mode OCTAL];}: the group and mode of the heaps' device nodes,
 * which the udev rules generated with the module set. Without it the nodes stay as the kernel
 * makes them, root's with mode 0600, as upstream's heaps.
 *
 * @param loc   where it is declared
 * @param group the group the nodes get, if the spec names one
 * @param mode  the nodes' permission bits, 0..0777 (when not given: {@link #GROUP_MODE} with a group,
 *              else {@link #DEFAULT_MODE})
 */
public record HeapAccess(SourceLocation loc, Optional<Literal> group, int mode) {
    /** The kernel's own mode for a heap node. */
    public static final int DEFAULT_MODE = 0600;
    /** The mode of a node given to a group: its owner and its group read and write, as Raspberry Pi OS's rule. */
    public static final int GROUP_MODE = 0660;
}
