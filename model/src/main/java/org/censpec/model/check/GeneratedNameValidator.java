package org.censpec.model.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.censpec.model.Element;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.parse.Printable;
import org.censpec.model.rules.SpecRules;

/**
 * The names the generated code derives ({@link GeneratedNames}) must be distinct and new: a
 * device {@code x} and a device {@code x_mask} both give {@code T_DEV_X_MASK}; a spec named
 * {@code linux_types} would give its header the guard of {@code <linux/types.h>}; a share
 * {@code generic_heap} would be a second {@code Share.GENERIC_HEAP}. Each such spec is a
 * {@code spec.invalid-name} error at the later name. Runs only on names that are valid
 * identifiers (the other problems are {@link NameValidator}'s).
 */
final class GeneratedNameValidator implements Validator {
    @Override
    public void validate(Spec spec, List<Finding> out) {
        if (ReservedNames.specNameProblem(spec.name()).isPresent()) {
            return;
        }
        GeneratedNames.specNameProblem(spec.name())
                .ifPresent(p -> out.add(Finding.of(
                        SpecRules.INVALID_NAME,
                        Subject.WHOLE,
                        spec.loc(),
                        "spec name " + Printable.quote(spec.name()) + " " + p)));
        distinct(spec, GeneratedNames.kernel(spec), "generated C name", true, out);
        distinct(spec, GeneratedNames.java(spec), "generated Java name", false, out);
    }

    /**
     * At most one finding per element: its first derived name that is taken (the spec's own
     * names against Linux: {@link GeneratedNames#specNameProblem}).
     */
    private static void distinct(
            Spec spec, List<GeneratedNames.Derived> claims, String what, boolean linux, List<Finding> out) {
        Map<String, GeneratedNames.Derived> first = new HashMap<>();
        Set<Object> reported = new HashSet<>();
        for (GeneratedNames.Derived c : claims) {
            GeneratedNames.Derived earlier = first.putIfAbsent(c.identifier(), c);
            String taken = null;
            if (linux && c.owner() != null && GeneratedNames.inLinux(c.identifier())) {
                taken = "is already a name of the Linux headers the module includes; rename it";
            } else if (earlier != null && !sameNameIgnoringCase(earlier, c)) {
                taken = "is also " + earlier.what() + " of " + ownerText(spec, earlier) + " (line "
                        + earlier.loc().line() + "); rename one of them";
            }
            if (taken != null && reported.add(c.owner() == null ? spec : c.owner())) {
                out.add(finding(
                        c,
                        ownerText(spec, c) + ": its " + what + " " + c.identifier() + " (" + c.what() + ") " + taken));
            }
        }
    }

    /** Two elements of a kind whose names differ only in case: NameValidator reports them already. */
    private static boolean sameNameIgnoringCase(GeneratedNames.Derived a, GeneratedNames.Derived b) {
        return a.owner() != null
                && b.owner() != null
                && a.owner().getClass() == b.owner().getClass()
                && a.owner().name().equalsIgnoreCase(b.owner().name());
    }

    private static Finding finding(GeneratedNames.Derived c, String message) {
        Subject at = c.owner() == null ? Subject.WHOLE : new Subject.Of(c.owner());
        return Finding.of(SpecRules.INVALID_NAME, at, c.loc(), message);
    }

    private static String ownerText(Spec spec, GeneratedNames.Derived c) {
        return c.owner() == null
                ? "spec " + Printable.quote(spec.name())
                : kind(c.owner()) + " " + Printable.quote(c.owner().name());
    }

    private static String kind(Element e) {
        return e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
