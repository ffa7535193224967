package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.censpec.model.Actor;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;
import org.censpec.verify.alloy.AlloyModel.StepRef;

/**
 * Actors of a flow that the flow cannot tell apart (docs/alloy-encoding.md, "Twins"): their programs are the
 * same list of operations on the same devices and of waits on the same steps of other actors, and no actor waits
 * on a step of theirs. Swapping two twins maps every execution of the flow to an execution with the same buffer
 * states, so a finding at the k-th step of one twin is a finding at the k-th step of the other.
 */
record Twins(Flow flow, List<Integer> classOf) {

    static Twins of(Flow flow) {
        Set<String> waitedOn = new HashSet<>();
        flow.actors()
                .forEach(a -> a.steps().forEach(s -> {
                    if (s instanceof WaitStep w) {
                        waitedOn.add(w.actor().name());
                    }
                }));
        List<Integer> classOf = new ArrayList<>();
        List<Actor> actors = flow.actors();
        for (int a = 0; a < actors.size(); a++) {
            int cls = a;
            for (int b = 0; b < a && !waitedOn.contains(actors.get(a).name()); b++) {
                if (classOf.get(b) == b
                        && !waitedOn.contains(actors.get(b).name())
                        && sameProgram(actors.get(a), actors.get(b))) {
                    cls = b;
                    break;
                }
            }
            classOf.add(cls);
        }
        return new Twins(flow, classOf);
    }

    private static boolean sameProgram(Actor a, Actor b) {
        if (a.steps().size() != b.steps().size()) {
            return false;
        }
        for (int k = 0; k < a.steps().size(); k++) {
            if (!sameStep(a.steps().get(k), b.steps().get(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameStep(Step s, Step t) {
        if (s instanceof DeviceStep d && t instanceof DeviceStep e) {
            return d.op() == e.op() && d.device().name().equals(e.device().name());
        }
        return s instanceof WaitStep w
                && t instanceof WaitStep v
                && w.actor().name().equals(v.actor().name())
                && w.target().name().equals(v.target().name());
    }

    /** The other actors of {@code actor}'s class. */
    List<Integer> of(int actor) {
        List<Integer> out = new ArrayList<>();
        for (int b = 0; b < classOf.size(); b++) {
            if (b != actor && classOf.get(b).equals(classOf.get(actor))) {
                out.add(b);
            }
        }
        return out;
    }

    /** {@code s} with twins {@code a} and {@code b} swapped. */
    StepRef swap(StepRef s, int a, int b) {
        int at = flow.actors().indexOf(s.actor());
        int to = at == a ? b : at == b ? a : at;
        Actor actor = flow.actors().get(to);
        return new StepRef(flow, actor, s.index(), actor.steps().get(s.index()));
    }
}
