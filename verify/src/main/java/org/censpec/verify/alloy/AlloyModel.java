package org.censpec.verify.alloy;

import java.util.List;
import java.util.Map;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Flow;
import org.censpec.model.Share;
import org.censpec.model.Step;

/**
 * A generated Alloy model and the tables that map its signatures back to spec elements.
 * The tables are filled while the text is written, so nothing is ever recovered by
 * parsing a name.
 */
record AlloyModel(
        String text,
        Map<String, Device> devices,
        Map<String, Allocator> allocators,
        Map<String, Share> shares,
        Map<String, Step> steps,
        Map<String, String> stepActors,
        List<FlowModel> flows) {

    /** The names a flow's commands and execution signature use. */
    record FlowModel(Flow flow, String prefix, boolean hasSteps) {
        String execSig() {
            return "Exec_" + prefix;
        }

        String stepSig() {
            return "Step_" + prefix;
        }

        String done() {
            return prefix + "_done";
        }

        String target() {
            return prefix + "_target";
        }

        String ord() {
            return prefix + "_ord";
        }

        String badCommand() {
            return prefix + "_bad";
        }

        String stuckCommand() {
            return prefix + "_stuck";
        }

        String liveCommand() {
            return prefix + "_live";
        }
    }
}
