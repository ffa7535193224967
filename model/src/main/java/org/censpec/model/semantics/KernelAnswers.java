package org.censpec.model.semantics;

import java.util.Optional;
import org.censpec.model.Rule;
import org.censpec.model.rules.SemanticRules;

/**
 * What the kernel answers for a device step the model judges (docs/semantics.md, "In the
 * kernel"): the one table from a step's outcome to an errno, used by the prove plan and by
 * replay.
 */
public final class KernelAnswers {
    private KernelAnswers() {}

    /**
     * The errno the module's exporter refuses a step with, for the outcomes it decides itself:
     * an attach after allocation to memory the device does not accept ({@code -EBUSY}) and an
     * attach that empties the access mask ({@code -EINVAL}). Empty for a step that succeeds
     * (a lucky late attach included) and for misuse, which the dma-buf core and the importer
     * decide, not the exporter.
     */
    public static Optional<Errno> exporterRefusal(Rule outcome) {
        if (outcome == SemanticRules.LATE_ATTACH) {
            return Optional.of(Errno.EBUSY);
        }
        if (outcome == SemanticRules.ATTACH_REJECTED) {
            return Optional.of(Errno.EINVAL);
        }
        return Optional.empty();
    }

    /**
     * The errno of a refused step in the test build's control device, which also refuses misuse
     * the way an importer's own bookkeeping would: attach, map or detach out of balance
     * ({@code -EBUSY}), and map, unmap or detach of a device not attached ({@code -ENOENT}).
     */
    public static Errno controlDeviceRefusal(Rule outcome) {
        return exporterRefusal(outcome).orElseGet(() -> {
            if (outcome == SemanticRules.UNBALANCED) {
                return Errno.EBUSY;
            }
            if (outcome == SemanticRules.MAP_BEFORE_ATTACH) {
                return Errno.ENOENT;
            }
            throw new IllegalArgumentException("no refused step has the outcome " + outcome.id());
        });
    }
}
