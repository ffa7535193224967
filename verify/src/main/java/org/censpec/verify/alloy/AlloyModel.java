package org.censpec.verify.alloy;

import java.util.List;
import java.util.Map;
import org.censpec.model.Actor;
import org.censpec.model.Flow;
import org.censpec.model.Step;

/**
 * A generated Alloy model and the Java index that maps its names and commands back to the
 * spec, built while the text was written.
 *
 * @param text      the Alloy 6 source
 * @param names     every generated identifier and the model element (or {@link StepRef},
 *                  {@link ActorRef}, outcome id, size) it stands for
 * @param commands  the commands in the order they appear in the text
 * @param flows     per flow, the names used for it
 */
record AlloyModel(String text, NameTable names, List<CommandInfo> commands, Map<Flow, FlowNames> flows) {

    /** What a command checks. */
    enum Kind {
        DEVICES,
        SHARES,
        ALLOCATORS,
        SIZES,
        MAPS,
        FLOW,
        NONVACUITY
    }

    /**
     * One command of the text: its position among the commands, its label, what it checks, the
     * flow it is about (FLOW, NONVACUITY).
     */
    record CommandInfo(int index, String label, Kind kind, Flow flow) {}

    /** One step of one actor of one flow ({@code index} is 0-based in the actor). */
    record StepRef(Flow flow, Actor actor, int index, Step step) {}

    /** One actor of one flow. */
    record ActorRef(Flow flow, Actor actor) {}

    /** A distinct size value (bytes) used by an allocator's below/align or a device's reach/align. */
    record SizeValue(java.math.BigInteger bytes) {}

    /** An outcome atom: the finding id it reports. */
    record OutcomeRef(String id) {}

    /**
     * Names generated for one flow: the abstract sigs of its device steps, of its racy steps and of its actors, the
     * pred that searches a finding (with exclusions), the non-vacuity pred, and the two commands.
     */
    record FlowNames(
            Flow flow,
            String flowSig,
            String stepsSig,
            String racySig,
            String actorsSig,
            String searchPred,
            String livePred,
            String command,
            String nonvacuityCommand,
            Map<Step, String> stepSigs,
            FlowFacts facts) {}
}
