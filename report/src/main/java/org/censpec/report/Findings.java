package org.censpec.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.TraceStep;
import org.censpec.model.parse.Printable;

/** Helpers the report formats share: which flow a finding is in, its trace as text. */
public final class Findings {
    private Findings() {}

    /** Whether a finding is an interleaving finding: a flow step's outcome, or a deadlock. */
    public static boolean isFlowFinding(Finding f) {
        return f.rule().kind() == org.censpec.model.Rule.Kind.SEMANTIC
                && (f.subject() instanceof org.censpec.model.Subject.StepOf
                        || f.rule() == org.censpec.model.rules.SemanticRules.DEADLOCK);
    }

    /** The flow a finding is about (its subject, or the flow of its step). */
    public static Optional<Flow> flowOf(Spec spec, Finding f) {
        return f.subject().declared().filter(Flow.class::isInstance).map(Flow.class::cast);
    }

    /**
     * The actors of a trace in the order a reader meets them: the flow's declaration order
     * when the flow is known, with any actor only the trace names appended in trace order.
     */
    public static List<String> actors(Optional<Flow> flow, List<TraceStep> trace) {
        List<String> out = new ArrayList<>();
        flow.ifPresent(fl -> fl.actors().forEach(a -> out.add(a.name())));
        for (TraceStep t : trace) {
            if (!out.contains(t.actor())) {
                out.add(t.actor());
            }
        }
        return out;
    }

    /** The index of the first trace step after which an allocator is chosen, or -1. */
    public static int allocationIndex(List<TraceStep> trace) {
        for (int i = 0; i < trace.size(); i++) {
            if (trace.get(i).allocator().isPresent()) {
                return i;
            }
        }
        return -1;
    }

    /** The access mask after a step as the text format prints it: {@code {a, b}}. */
    public static String maskText(TraceStep t) {
        return "{" + String.join(", ", t.accessMask()) + "}";
    }

    /** A finding as the text format prints it: its line, then its numbered interleaving. */
    public static String text(Finding f) {
        return text(f, true);
    }

    /** A finding as the text format prints it, with or without its interleaving; terminal-safe ({@link Printable#terminal}). */
    public static String text(Finding f, boolean withTrace) {
        StringBuilder sb = new StringBuilder();
        sb.append(f.loc())
                .append(": ")
                .append(f.severity().label())
                .append('[')
                .append(f.id())
                .append("]: ")
                .append(f.message())
                .append(f.suppression().map(r -> " (suppressed: " + r + ")").orElse(""))
                .append('\n');
        if (withTrace && !f.trace().isEmpty()) {
            sb.append("    interleaving:\n");
            int n = 1;
            for (TraceStep t : f.trace()) {
                boolean last = n == f.trace().size();
                sb.append(String.format(
                        "    %s %2d. %-12s %-28s line %-4d mask %s%s%n",
                        last ? ">" : " ",
                        n++,
                        t.actor(),
                        t.step(),
                        t.loc().line(),
                        maskText(t),
                        t.allocator().map(a -> " allocated from " + a).orElse("")));
            }
        }
        return Printable.terminal(sb.toString());
    }
}
