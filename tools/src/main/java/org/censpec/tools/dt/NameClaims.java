package org.censpec.tools.dt;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.censpec.model.check.GeneratedNames;
import org.censpec.model.check.ReservedNames;

/**
 * The names import-dt gives elements: each a valid name, unique in its kind (ignoring case),
 * whose generated C names ({@link GeneratedNames}) are neither another element's nor a name of
 * the Linux headers; a taken base name gets {@code _2}, {@code _3}, ... So the spec written
 * never fails the check on a name (devices {@code x} and {@code x_mask} become {@code x} and
 * {@code x_mask_2}).
 */
final class NameClaims {
    private final String prefix;
    private final Set<String> names = new HashSet<>();
    private final Set<String> derived = new HashSet<>();

    NameClaims(String prefix) {
        this.prefix = prefix;
    }

    /** A free name of {@code kind} ("property", "allocator", "device") from {@code base}, claimed. */
    String claim(String kind, String base) {
        for (int i = 1; ; i++) {
            String n = i == 1 ? base : withSuffix(base, "_" + i);
            if (usable(kind, n)) {
                names.add(kind + ":" + n.toLowerCase(Locale.ROOT));
                derived.addAll(GeneratedNames.elementNames(prefix, kind, n));
                return n;
            }
        }
    }

    private boolean usable(String kind, String n) {
        if (ReservedNames.problem(n).isPresent() || names.contains(kind + ":" + n.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (String c : GeneratedNames.elementNames(prefix, kind, n)) {
            if (derived.contains(c) || GeneratedNames.inLinux(c)) {
                return false;
            }
        }
        return true;
    }

    private static String withSuffix(String base, String suffix) {
        int room = ReservedNames.MAX_LENGTH - suffix.length();
        return (base.length() > room ? base.substring(0, room) : base) + suffix;
    }
}
