package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;
import org.censpec.model.Device;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;

/**
 * The four ways a user's board spec goes wrong, made from a good one: a wrong {@code match}
 * string, a share larger than the region or CMA area its devices can use, a device that cannot
 * reach any allocator, and a flow that maps before another device attached. Each comes with the
 * reason prove must fail it for (a failure whose {@code what} names it).
 */
public final class BrokenVariants {
    /** A broken spec text, its kind, and the failure that states its reason. */
    public record Variant(String kind, String text, String reason, Predicate<ProveReport.Failure> states) {}

    private BrokenVariants() {}

    /** The variants of {@code spec} (its {@code text}) on a board whose memory is {@code board}. */
    public static List<Variant> of(String text, Spec spec, TargetMemory board) {
        List<Variant> out = new ArrayList<>();
        wrongMatch(text, spec).ifPresent(out::add);
        tooSmall(text, spec, board).ifPresent(out::add);
        unreachable(text, spec).ifPresent(out::add);
        earlyMap(text, spec).ifPresent(out::add);
        return out;
    }

    private static Optional<Variant> wrongMatch(String text, Spec spec) {
        for (Device d : spec.devices()) {
            if (!d.match().isEmpty()) {
                String m = d.match().get(0).value();
                String t = text.replaceFirst(
                        "match \"" + java.util.regex.Pattern.quote(m) + "\"",
                        java.util.regex.Matcher.quoteReplacement("match \"" + m + "-typo\""));
                return Optional.of(new Variant(
                        "wrong-match",
                        t,
                        "match \"" + m + "-typo\" of " + d.name() + " names no node",
                        f -> f.what().equals("device " + d.name() + " match \"" + m + "-typo\"")));
            }
        }
        return Optional.empty();
    }

    /** A share of one contiguous device, twice as large as the most contiguous memory it can get on the board. */
    private static Optional<Variant> tooSmall(String text, Spec spec, TargetMemory board) {
        Acceptance acc = new Acceptance(spec);
        Prediction p = new Prediction(spec, board);
        for (Device d : spec.devices()) {
            long mask = acc.mask(d);
            long most = 0;
            boolean contiguousOnly = mask != 0;
            for (Allocator a : spec.allocators()) {
                if ((mask & (1L << a.priority())) != 0) {
                    contiguousOnly &= a.backend() == Backend.CONTIGUOUS;
                    most = Math.max(most, p.largest(a));
                }
            }
            if (contiguousOnly && most > 0 && most < (1L << 40)) {
                long mib = Math.max(1, (2 * most) >> 20);
                String t = text + "\nshare too_small { " + d.name() + " } max_size " + mib + "M;\n";
                return Optional.of(new Variant(
                        "region-too-small",
                        t,
                        "share too_small (" + d.name() + ", max_size " + mib + "M) is larger than the board's "
                                + Sizes.human(most),
                        f -> f.what().startsWith("share too_small max_size")
                                || f.what().equals("share.too-large")));
            }
        }
        return Optional.empty();
    }

    /** A device without IOMMU that reaches 64 KiB: no allocator of the spec lies below that. */
    private static Optional<Variant> unreachable(String text, Spec spec) {
        for (Device d : spec.devices()) {
            if (d.iommu()) {
                continue;
            }
            int at = text.indexOf("device " + d.name() + " ");
            int bits = at < 0 ? -1 : text.indexOf("dma_bits " + d.dmaBits() + ";", at);
            if (bits < 0) {
                continue;
            }
            String t = text.substring(0, bits) + "dma_bits 16;"
                    + text.substring(bits + ("dma_bits " + d.dmaBits() + ";").length());
            return Optional.of(new Variant(
                    "unreachable",
                    t,
                    d.name() + " reaches 64 KiB, below every allocator",
                    f -> f.what().equals("device.unsatisfiable") || f.what().equals("share.empty-intersection")));
        }
        return Optional.empty();
    }

    /** Two devices of one share: the first maps before the second, which rejects what the first got. */
    private static Optional<Variant> earlyMap(String text, Spec spec) {
        Acceptance acc = new Acceptance(spec);
        for (Share s : spec.shares()) {
            for (var r1 : s.devices()) {
                for (var r2 : s.devices()) {
                    Device d1 = spec.device(r1.name()).orElseThrow();
                    Device d2 = spec.device(r2.name()).orElseThrow();
                    long m1 = acc.mask(d1);
                    long m2 = acc.mask(d2);
                    if (d1 == d2 || m1 == 0 || (m1 & m2) == 0 || (m2 & Long.lowestOneBit(m1)) != 0) {
                        continue;
                    }
                    String t = text + "\nflow early on " + s.name() + " {\n    actor first { attach " + d1.name()
                            + "; map "
                            + d1.name() + "; unmap " + d1.name() + "; }\n    actor second { attach " + d2.name()
                            + "; map "
                            + d2.name() + "; }\n}\n";
                    return Optional.of(new Variant(
                            "early-map",
                            t,
                            d1.name() + " maps before " + d2.name() + " attached",
                            f -> f.what().equals("flow.late-attach")));
                }
            }
        }
        return Optional.empty();
    }
}
