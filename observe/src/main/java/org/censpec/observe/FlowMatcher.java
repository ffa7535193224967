package org.censpec.observe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Operation;
import org.censpec.model.SourceLocation;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;

/**
 * Whether the device steps observed on one buffer are a (possibly unfinished) execution
 * of some flow: the set of every actor program-counter vector the observed steps can have
 * led to, per candidate flow, advanced one observed step at a time (each step must be the
 * next step of some actor whose waits are met). Bounded: past {@link #MAX_STATES} states
 * a flow's matching gives up and the verdict is unknown rather than a finding.
 */
final class FlowMatcher {
    static final int MAX_STATES = 4096;

    private record Cursor(int[] pc, SourceLocation last) {}

    private final class Candidate {
        final Flow flow;
        final Map<String, Integer> labelIndex = new LinkedHashMap<>();
        List<Cursor> cursors = new ArrayList<>();
        boolean gaveUp;

        Candidate(Flow flow) {
            this.flow = flow;
            int[] start = new int[flow.actors().size()];
            closeWaits(start);
            cursors.add(new Cursor(start, null));
        }

        void closeWaits(int[] pc) {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int i = 0; i < pc.length; i++) {
                    List<Step> steps = flow.actors().get(i).steps();
                    if (pc[i] < steps.size() && steps.get(pc[i]) instanceof WaitStep w && satisfied(pc, w)) {
                        pc[i]++;
                        moved = true;
                    }
                }
            }
        }

        boolean satisfied(int[] pc, WaitStep w) {
            List<Actor> actors = flow.actors();
            for (int j = 0; j < actors.size(); j++) {
                if (actors.get(j).name().equals(w.actor().name())) {
                    List<Step> steps = actors.get(j).steps();
                    for (int k = 0; k < steps.size(); k++) {
                        if (steps.get(k)
                                .label()
                                .map(l -> l.name().equals(w.target().name()))
                                .orElse(false)) {
                            return pc[j] > k;
                        }
                    }
                }
            }
            return false;
        }

        void step(Operation op, String device) {
            if (gaveUp) {
                return;
            }
            Map<String, Cursor> next = new LinkedHashMap<>();
            for (Cursor c : cursors) {
                for (int i = 0; i < c.pc.length; i++) {
                    List<Step> steps = flow.actors().get(i).steps();
                    if (c.pc[i] < steps.size()
                            && steps.get(c.pc[i]) instanceof DeviceStep d
                            && d.op() == op
                            && d.device().name().equals(device)) {
                        int[] pc = c.pc.clone();
                        pc[i]++;
                        closeWaits(pc);
                        next.putIfAbsent(Arrays.toString(pc), new Cursor(pc, d.loc()));
                        if (next.size() > MAX_STATES) {
                            gaveUp = true;
                            return;
                        }
                    }
                }
            }
            cursors = new ArrayList<>(next.values());
        }

        boolean alive() {
            return gaveUp || !cursors.isEmpty();
        }
    }

    private final List<Candidate> candidates = new ArrayList<>();

    FlowMatcher(List<Flow> flows) {
        flows.forEach(f -> candidates.add(new Candidate(f)));
    }

    /** Whether there is any flow to match against. */
    boolean hasCandidates() {
        return !candidates.isEmpty();
    }

    /** Advances every flow still matching; true when this step ended the last match. */
    boolean stepEndsMatch(Operation op, String device) {
        boolean wasAlive = alive();
        candidates.forEach(c -> c.step(op, device));
        return wasAlive && !alive();
    }

    boolean alive() {
        return candidates.stream().anyMatch(Candidate::alive);
    }

    /** The spec step the last observed step corresponds to, in the first flow still matching. */
    Optional<SourceLocation> lastStep() {
        for (Candidate c : candidates) {
            if (!c.gaveUp && !c.cursors.isEmpty()) {
                return Optional.ofNullable(c.cursors.get(0).last());
            }
        }
        return Optional.empty();
    }

    List<String> flowNames() {
        return candidates.stream().map(c -> c.flow.name()).toList();
    }
}
