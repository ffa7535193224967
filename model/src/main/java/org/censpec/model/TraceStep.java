package org.censpec.model;

import java.util.List;
import java.util.Optional;

/**
 * One step of a counterexample interleaving: which actor ran which step (as written and
 * where), the buffer's access mask after it (allocator names in priority order) and the
 * allocator chosen so far (empty before the first map).
 */
public record TraceStep(
        String actor, String step, SourceLocation loc, List<String> accessMask, Optional<String> allocator) {

    public TraceStep {
        accessMask = List.copyOf(accessMask);
    }
}
