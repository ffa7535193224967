package org.censpec.model.rules;

import static org.censpec.model.Rule.Kind.SEMANTIC;
import static org.censpec.model.Severity.ERROR;
import static org.censpec.model.Severity.WARNING;

import java.util.List;
import org.censpec.model.Rule;

/**
 * The rules of checking a spec against the board's devicetree ({@code censpec check --dtb}):
 * a {@code region} the runtime could not allocate from on that board.
 */
public final class BoardRules {
    public static final Rule REGION_MISSING = Rule.define(
            "allocator.region-missing",
            SEMANTIC,
            ERROR,
            true,
            "An allocator's region is not in the board's devicetree.",
            "The region an allocator names is no child of the devicetree's /reserved-memory (the runtime looks a "
                    + "region up by node name, without the @unit address): the allocator is unusable on that board.");
    public static final Rule REGION_UNUSABLE = Rule.define(
            "allocator.region-unusable",
            SEMANTIC,
            ERROR,
            true,
            "An allocator's region is not a CMA area.",
            "The region an allocator names is not a reusable shared-dma-pool (a no-map or non-reusable coherent pool, "
                    + "a restricted-dma-pool bounce pool, a firmware reservation, or disabled): the runtime cannot "
                    + "allocate from it and leaves the allocator unusable.");
    public static final Rule REGION_SIZE = Rule.define(
            "allocator.region-size",
            SEMANTIC,
            WARNING,
            true,
            "An allocator's size differs from its region's.",
            "The allocator's size is not the size the devicetree gives its region; the check's capacity reasoning "
                    + "(share.too-large) then describes another board.");

    private BoardRules() {}

    /** In catalog order. */
    public static List<Rule> all() {
        return List.of(REGION_MISSING, REGION_UNUSABLE, REGION_SIZE);
    }
}
