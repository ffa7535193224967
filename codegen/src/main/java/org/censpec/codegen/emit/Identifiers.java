package org.censpec.codegen.emit;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The generator's own guard on names: it emits a spec name into C or Java only if it is a
 * plain identifier, whatever the validator upstream let through.
 */
public final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private Identifiers() {}

    /** The name itself, after checking that it is a plain C/Java identifier. */
    public static String plain(String name) {
        if (name == null || !PLAIN.matcher(name).matches() || name.startsWith("__")) {
            throw new IllegalArgumentException("refusing to generate code for a name that is not a plain identifier: "
                    + (name == null ? "null" : name.replaceAll("[^\\x20-\\x7e]", "?")));
        }
        return name;
    }

    /** UPPER_SNAKE form for constants and enum members. */
    public static String upper(String name) {
        return plain(name).toUpperCase(Locale.ROOT);
    }

    private static final Pattern HEAP = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.,@+-]{0,127}");

    /**
     * A heap name ({@code org.censpec.model.semantics.HeapNames}), after checking that it is one:
     * it goes into C and Java string literals and a udev rule unquoted by anything else.
     */
    public static String heapName(String name) {
        if (name == null || !HEAP.matcher(name).matches()) {
            throw new IllegalArgumentException("refusing to generate code for a heap name that is not one: "
                    + (name == null ? "null" : name.replaceAll("[^\\x20-\\x7e]", "?")));
        }
        return name;
    }
}
