package org.censpec.codegen;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The generator's own guard on names: it emits a spec name into C or Java only if it is a
 * plain identifier, whatever the validator upstream let through.
 */
public final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private Identifiers() {
    }

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

    /** The heap of a share, {@code /dev/dma_heap/<spec>-<share>}; the spec's own heap is {@code <spec>}. */
    public static String shareHeap(String spec, String share) {
        return plain(spec) + "-" + plain(share);
    }
}
