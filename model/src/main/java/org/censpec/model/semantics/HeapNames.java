package org.censpec.model.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;
import org.censpec.model.Literal;
import org.censpec.model.Share;
import org.censpec.model.Spec;

/**
 * The names of a spec's heaps, {@code /dev/dma_heap/<name>}, after upstream's convention
 * (Documentation/userspace-api/dma-buf-heaps.rst): a name says what memory the heap gives, never
 * the allocator behind it, and the properties of its buffers. {@code <spec>} is the board,
 * {@code -<share>} the use the memory is for, and a suffix what every buffer of the heap is,
 * whichever allocator of its mask backs it: {@code -contiguous} (physically contiguous) and
 * {@code -protected} (no CPU access). The name before the suffixes is the heap's former name
 * (censpec 0.x before the convention), which the module's udev rules keep as a link. A share's
 * {@code alias} names are further heaps of the same share, for userspace that opens fixed names.
 */
public final class HeapNames {
    /** Suffix of a heap whose every allocator is physically contiguous. */
    public static final String CONTIGUOUS = "-contiguous";
    /** Suffix of a heap whose every allocator is protected. */
    public static final String PROTECTED = "-protected";

    /**
     * One heap of the module, in table order: the generic heap, one per share, then the aliases.
     *
     * @param name    its name under {@code /dev/dma_heap/}
     * @param former  its name before the convention (equal to {@code name} when no suffix applies;
     *                empty for an alias)
     * @param share   the share it is for; empty for the generic heap
     * @param mask    the access mask its buffers start with
     * @param alias   a further name of a share's heap ({@code alias "NAME"})
     */
    public record Heap(String name, Optional<String> former, Optional<String> share, long mask, boolean alias) {}

    private HeapNames() {}

    /**
     * The heap name of {@code prefix} and {@code share} (null: the generic heap) whose buffers
     * {@code backing} (the allocators of its mask) may back, with the suffixes that apply to them all.
     */
    public static String name(String prefix, String share, List<Allocator> backing) {
        boolean contiguous = !backing.isEmpty() && backing.stream().allMatch(a -> a.backend() == Backend.CONTIGUOUS);
        boolean protectedMem = !backing.isEmpty() && backing.stream().allMatch(Allocator::protectedMemory);
        return former(prefix, share) + (contiguous ? CONTIGUOUS : "") + (protectedMem ? PROTECTED : "");
    }

    /** The name without suffixes: the heap's name before the convention. */
    public static String former(String prefix, String share) {
        return share == null ? prefix : prefix + "-" + share;
    }

    /** Every heap of {@code spec}, in the order of the module's tables. */
    public static List<Heap> of(Spec spec) {
        Acceptance acceptance = new Acceptance(spec);
        List<Heap> out = new ArrayList<>();
        out.add(heap(spec, null, acceptance.all()));
        for (Share s : spec.shares()) {
            out.add(heap(spec, s.name(), acceptance.shareMask(s)));
        }
        for (Share s : spec.shares()) {
            for (Literal a : s.aliases()) {
                out.add(new Heap(a.value(), Optional.empty(), Optional.of(s.name()), acceptance.shareMask(s), true));
            }
        }
        return List.copyOf(out);
    }

    /** The name of the heap of {@code share} (null: the generic heap). */
    public static String of(Spec spec, Share share) {
        Acceptance acceptance = new Acceptance(spec);
        return share == null
                ? heap(spec, null, acceptance.all()).name()
                : heap(spec, share.name(), acceptance.shareMask(share)).name();
    }

    private static Heap heap(Spec spec, String share, long mask) {
        List<Allocator> in = spec.allocators().stream()
                .filter(a -> a.priority() < 64 && (mask >>> a.priority() & 1) != 0)
                .toList();
        return new Heap(
                name(spec.name(), share, in),
                Optional.of(former(spec.name(), share)),
                Optional.ofNullable(share),
                mask,
                false);
    }
}
