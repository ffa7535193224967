package org.censpec.model.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.censpec.model.Finding;
import org.censpec.model.Literal;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.parse.Printable;
import org.censpec.model.rules.SpecRules;
import org.censpec.model.semantics.HeapNames;

/**
 * The heaps' names and nodes: no share is named as a property suffix of heap names
 * ({@code contiguous}, {@code protected}); a share's {@code alias} is a name a heap may have (the kernel's
 * device name, a file under {@code /dev/dma_heap/}), outside the spec's own names
 * ({@code <spec>} and {@code <spec>-...}, including their former names, which the udev rules keep
 * as links), and given once; {@code heap_access group} names a group udev can resolve.
 */
final class HeapNameValidator implements Validator {
    /** What the kernel and a shell take as a heap name: no '/', no blank, no quote. */
    static final Pattern HEAP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._,@+-]{0,63}");
    /** A group name as Debian's adduser allows it by default. */
    static final Pattern GROUP_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    /** The heap names' property suffixes ({@link HeapNames}), which no share may be named. */
    static final java.util.Set<String> SUFFIX_WORDS =
            java.util.Set.of(HeapNames.CONTIGUOUS.substring(1), HeapNames.PROTECTED.substring(1));

    @Override
    public void validate(Spec spec, List<Finding> out) {
        Map<String, Literal> seen = new HashMap<>();
        for (Share s : spec.shares()) {
            if (SUFFIX_WORDS.contains(s.name())) {
                out.add(Finding.of(
                        SpecRules.INVALID_NAME,
                        new Subject.Of(s),
                        s.loc(),
                        "share name "
                                + Printable.quote(s.name()) + " would read as a property in heap names (" + spec.name()
                                + "-"
                                + s.name() + " is the generic heap's name when its memory is all " + s.name() + ")"));
            }
            for (Literal a : s.aliases()) {
                alias(spec, s, a, seen, out);
            }
        }
        spec.heapAccess()
                .flatMap(h -> h.group())
                .filter(g -> !GROUP_NAME.matcher(g.value()).matches())
                .ifPresent(g -> out.add(Finding.of(
                        SpecRules.INVALID_NAME,
                        Subject.WHOLE,
                        g.loc(),
                        "group "
                                + Printable.quote(g.value())
                                + " is not a group name: lower-case letters, digits, '_' and"
                                + " '-', starting with a letter or '_', at most 32 characters")));
    }

    private static void alias(Spec spec, Share s, Literal a, Map<String, Literal> seen, List<Finding> out) {
        Subject at = new Subject.Of(s);
        String v = a.value();
        if (!HEAP_NAME.matcher(v).matches()) {
            out.add(
                    Finding.of(
                            SpecRules.INVALID_NAME,
                            at,
                            a.loc(),
                            "alias " + Printable.quote(v) + " is not a heap"
                                    + " name: letters, digits and . _ , @ + -, starting with a letter or digit, at most 64 characters"));
        } else if (v.equals(spec.name()) || v.startsWith(spec.name() + "-")) {
            out.add(Finding.of(
                    SpecRules.INVALID_NAME,
                    at,
                    a.loc(),
                    "alias " + Printable.quote(v) + " is among the"
                            + " names of this spec's own heaps (" + spec.name() + ", " + spec.name()
                            + "-...); an alias is a"
                            + " name from outside, such as linux,cma"));
        } else if (seen.putIfAbsent(v, a) != null) {
            out.add(Finding.of(
                    SpecRules.DUPLICATE,
                    at,
                    a.loc(),
                    "alias " + Printable.quote(v) + " is given twice; one heap per name"));
        }
    }
}
