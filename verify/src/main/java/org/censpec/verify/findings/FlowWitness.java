package org.censpec.verify.findings;

import java.util.List;
import org.censpec.model.TraceStep;

/**
 * An execution that shows a flow finding: the trace (ending with the offending step) and, for a
 * deadlock, where each actor stopped (null otherwise).
 */
public record FlowWitness(List<TraceStep> trace, int[] stoppedAt) {}
