package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Literal;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.tools.dt.BoardTree;

/**
 * What the spec says that the board's own devicetree refutes, before anything boots: a
 * {@code match} string that names no node of the board, a region the board has as a pool the
 * runtime cannot use or of another size than the spec's {@code size}, a share whose
 * {@code max_size} no allocator of its devices can back on the board, a device whose place on
 * the board does not give it the reach the spec promises (the runtime refuses it, mask 0). (A
 * spec's {@code iommu;} on a node without {@code iommus} is not judged: a GPU's own MMU is not in
 * the devicetree.) Each is a failure of cause
 * {@code spec} at the spec line it concerns.
 */
public final class BoardChecks {
    private final Board board;
    private final Spec spec;
    private final List<ProveReport.Failure> failures = new ArrayList<>();

    private BoardChecks(Board board, Spec spec) {
        this.board = board;
        this.spec = spec;
    }

    /** {@code kernelCma}: the default CMA area the board's kernel makes when its devicetree has none. */
    static List<ProveReport.Failure> of(Board board, Spec spec, TargetMemory.Contiguous kernelCma) {
        BoardChecks c = new BoardChecks(board, spec);
        c.matches();
        c.regions();
        c.shares(memoryOf(board, spec, kernelCma));
        return c.failures;
    }

    private void fail(SourceLocation at, String what, String model, String board, String why) {
        failures.add(new ProveReport.Failure(
                what,
                "the spec against " + this.board.file().getFileName(),
                at.file() + ":" + at.line(),
                model,
                board,
                ProveReport.Cause.SPEC,
                why));
    }

    private void matches() {
        for (Device d : spec.devices()) {
            for (Literal m : d.match()) {
                List<BoardTree.Node> nodes = board.tree().nodesMatching(m.value());
                if (nodes.isEmpty()) {
                    fail(
                            m.loc(),
                            "device " + d.name() + " match \"" + m.value() + "\"",
                            "names a node of the board",
                            "no node has this compatible or dev_name()",
                            "a wrong match: the driver's device is never recognised");
                    continue;
                }
                reach(
                        d,
                        nodes.stream()
                                .filter(BoardTree.Node::enabled)
                                .findFirst()
                                .orElse(nodes.get(0)));
            }
        }
    }

    private void reach(Device d, BoardTree.Node n) {
        if (d.iommu() || n.dma().isEmpty()) {
            return;
        }
        int bits = 64 - Long.numberOfLeadingZeros(DmaView.busLimit(n.dma().get()));
        DmaView v = ImportChecks.view(n, Math.max(bits, 12));
        if (!v.keepsPromise(spec, d)) {
            List<String> w = n.dma().get().stream()
                    .map(x -> "[" + Sizes.hex(x.phys()) + ", " + Sizes.hex(x.phys() + x.length()) + ")")
                    .toList();
            fail(
                    d.loc(),
                    "device " + d.name() + " dma_bits " + d.dmaBits(),
                    "reaches physical [" + Sizes.hex(spec.ramBase()) + ", 2^" + d.dmaBits() + ")",
                    n.path() + "'s buses reach physical " + String.join(" ", w),
                    "the module refuses it (mask 0): the spec promises a reach its place on the board does not give");
        }
    }

    private void regions() {
        for (Allocator a : spec.allocators()) {
            if (a.region().isEmpty()) {
                continue;
            }
            Optional<BoardTree.Pool> p = board.pool(a.region().get().value());
            if (p.isEmpty()) {
                continue;
            }
            if (!p.get().sharedDmaPool() || !p.get().reusable()) {
                fail(
                        a.loc(),
                        "allocator " + a.name() + " region \""
                                + a.region().get().value() + "\"",
                        "a reusable shared-dma-pool",
                        p.get().path() + (p.get().noMap() ? " is no-map" : " is not reusable"),
                        "the runtime cannot allocate from it: the allocator is unusable on this board");
            }
            Optional<Long> cap = p.get().capacity();
            if (a.size().isPresent() && cap.isPresent() && !a.size().get().equals(cap.get())) {
                fail(
                        a.loc(),
                        "allocator " + a.name() + " size",
                        Sizes.human(a.size().get()),
                        p.get().path() + " holds " + Sizes.human(cap.get()),
                        "the spec's size is not the board's region");
            }
        }
    }

    /** The board itself: its pools, its default CMA area, its RAM (the spec's where the devicetree leaves it to the boot loader). */
    public static TargetMemory memoryOf(Board board, Spec spec, TargetMemory.Contiguous kernelCma) {
        TargetMemory.Contiguous cma = board.cmaArgument()
                .map(s -> TargetMemory.Contiguous.cma(s, "cma= of the board's bootargs"))
                .or(() -> board.defaultCma()
                        .flatMap(BoardTree.Pool::capacity)
                        .map(s -> TargetMemory.Contiguous.cma(
                                s, "the board's " + board.defaultCma().get().path())))
                .orElse(kernelCma);
        List<TargetMemory.Region> regions = new ArrayList<>();
        for (BoardTree.Pool p : board.tree().pools()) {
            p.capacity()
                    .ifPresent(s -> regions.add(new TargetMemory.Region(
                            p.name(), s, p.sharedDmaPool() && p.reusable(), "the board's " + p.path())));
        }
        // a region the devicetree lacks (the firmware may add it): taken as the spec says
        for (Allocator a : board.missingRegions(spec)) {
            regions.add(new TargetMemory.Region(
                    a.region().get().value(),
                    a.size().orElse(Long.MAX_VALUE),
                    true,
                    "the spec (not in the board's devicetree)"));
        }
        List<BoardTree.Range> ram = board.tree().memory();
        TargetMemory.Ram r = ram.isEmpty()
                ? new TargetMemory.Ram(spec.ramBase(), spec.ramEnd())
                : new TargetMemory.Ram(
                        ram.get(0).start(), ram.get(ram.size() - 1).end());
        return new TargetMemory(cma, TargetMemory.regions(regions), r);
    }

    private void shares(TargetMemory memory) {
        Prediction p = new Prediction(spec, memory);
        Acceptance acc = new Acceptance(spec);
        for (Share s : spec.shares()) {
            long mask = acc.shareMask(s);
            if (s.maxSize().isEmpty() || mask == 0) {
                continue;
            }
            Prediction.Choice c = p.choose(mask, s.maxSize().get());
            if (c.allocator() < 0) {
                List<String> why = c.skipped().stream()
                        .map(x -> x.allocator().name() + ": " + x.why())
                        .toList();
                fail(
                        s.loc(),
                        "share " + s.name() + " max_size "
                                + Sizes.human(s.maxSize().get()),
                        "an allocator of its devices backs it",
                        "none can on the board: " + String.join("; ", why),
                        "a region or CMA area too small for the share");
            }
        }
    }
}
