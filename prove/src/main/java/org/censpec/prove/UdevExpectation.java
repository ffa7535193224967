package org.censpec.prove;

import java.util.Locale;
import org.censpec.model.HeapAccess;
import org.censpec.model.Literal;
import org.censpec.model.Spec;
import org.censpec.model.semantics.HeapNames;

/**
 * What the module's udev rules must give its heap nodes in the guest (boot-guest.sh
 * --udev-expect), from the spec: every heap's node the group and mode of {@code heap_access}
 * (root's 0600 without it, the kernel's own), and each heap renamed by the naming convention a
 * link under its former name.
 */
public final class UdevExpectation {
    private UdevExpectation() {}

    /** The expectation file: "node HEAP GROUP MODE" and "link FORMER HEAP" lines. */
    public static String of(Spec spec) {
        String group =
                spec.heapAccess().flatMap(HeapAccess::group).map(Literal::value).orElse("root");
        int mode = spec.heapAccess().map(HeapAccess::mode).orElse(HeapAccess.DEFAULT_MODE);
        StringBuilder out = new StringBuilder();
        for (HeapNames.Heap h : HeapNames.of(spec)) {
            out.append(String.format(Locale.ROOT, "node %s %s %04o%n", h.name(), group, mode));
        }
        for (HeapNames.Heap h : HeapNames.of(spec)) {
            h.former().filter(f -> !f.equals(h.name())).ifPresent(f -> out.append("link " + f + " " + h.name() + "\n"));
        }
        return out.toString();
    }
}
