package org.censpec.tools.dt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Allocator;
import org.censpec.model.Finding;
import org.censpec.model.Literal;
import org.censpec.model.Sizes;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.rules.BoardRules;

/**
 * A spec's {@code region}s against the board's devicetree ({@code censpec check --dtb}), as the
 * runtime looks them up (kernel-runtime/cen_contig.c, cen_attach_region): a child of
 * {@code /reserved-memory} named so (node name without the {@code @unit}, as
 * of_get_child_by_name compares), enabled, a reusable {@code shared-dma-pool}. Anything else
 * leaves the allocator unusable on that board, which the check could not see before.
 */
public final class RegionCheck {
    private final String file;
    private final DeviceTree tree;

    private RegionCheck(String file, DeviceTree tree) {
        this.file = file;
        this.tree = tree;
    }

    /** Reads a devicetree for region checks; a broken blob is a {@link DtbException}. */
    public static RegionCheck of(String file, FdtReader.Fdt fdt) throws DtbException {
        return new RegionCheck(file, new DeviceTree(file, fdt.root(), w -> {}));
    }

    public List<Finding> findings(Spec spec) {
        List<Finding> out = new ArrayList<>();
        for (Allocator a : spec.allocators()) {
            a.region().ifPresent(r -> check(a, r).ifPresent(out::add));
        }
        return out;
    }

    private Optional<Finding> check(Allocator a, Literal region) {
        String name = region.value();
        Optional<DtNode> node = reservedMemory()
                .flatMap(rm -> rm.children().stream()
                        .filter(c -> c.baseName().equals(name))
                        .findFirst());
        String where = "allocator " + a.name() + ": region \"" + name + "\"";
        if (node.isEmpty()) {
            String hint = name.contains("@")
                    ? "; the runtime looks a region up by node name without the @unit address: " + "region \""
                            + name.substring(0, name.indexOf('@')) + "\""
                    : "";
            return Optional.of(Finding.of(
                    BoardRules.REGION_MISSING,
                    new Subject.Of(a),
                    region.loc(),
                    where + " is no child of /reserved-memory in " + file + hint));
        }
        Optional<String> unusable = unusable(node.get());
        if (unusable.isPresent()) {
            return Optional.of(Finding.of(
                    BoardRules.REGION_UNUSABLE,
                    new Subject.Of(a),
                    region.loc(),
                    where + ": "
                            + node.get().path() + " in " + file + " is " + unusable.get()
                            + ": the runtime allocates only from a "
                            + "reusable shared-dma-pool (CMA) and would leave " + a.name() + " unusable"));
        }
        return sizeDiffers(a, region, node.get(), where);
    }

    private Optional<DtNode> reservedMemory() {
        return tree.root().children().stream()
                .filter(n -> n.fullName().equals("reserved-memory"))
                .findFirst();
    }

    private static Optional<String> unusable(DtNode n) {
        List<String> compatible = n.strings("compatible");
        if (!n.enabled()) {
            return Optional.of("disabled");
        }
        if (compatible.contains("restricted-dma-pool")) {
            return Optional.of("a restricted-dma-pool (a swiotlb bounce pool)");
        }
        if (!compatible.contains("shared-dma-pool")) {
            return Optional.of(
                    "not a shared-dma-pool (" + (compatible.isEmpty() ? "no compatible" : String.join(", ", compatible))
                            + (n.has("no-map") ? ", no-map" : "") + ")");
        }
        if (n.has("no-map")) {
            return Optional.of("a no-map shared-dma-pool (a device's coherent pool, not CMA)");
        }
        if (!n.has("reusable")) {
            return Optional.of("a shared-dma-pool without reusable (a device's coherent pool, not CMA)");
        }
        return Optional.empty();
    }

    private Optional<Finding> sizeDiffers(Allocator a, Literal region, DtNode n, String where) {
        Optional<BigInteger> size = tree.reg(n).stream()
                .map(r -> r[1])
                .findFirst()
                .or(() -> n.parent().flatMap(p -> tree.number(n, "size", tree.sizeCells(p))));
        if (size.isEmpty()
                || a.size().isEmpty()
                || size.get().equals(BigInteger.valueOf(a.size().get()))) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(
                BoardRules.REGION_SIZE,
                new Subject.Of(a),
                region.loc(),
                where + " is " + DtImporter.size(size.get()) + " in " + file + ", the spec says size "
                        + Sizes.format(a.size().get())));
    }
}
