package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Device;
import org.censpec.model.Spec;

/**
 * The {@code dma_map_sg} and {@code dma_unmap_sg} calls a replay plan's commands make the
 * runtime issue, each with its CPU-sync attribute, by the runtime's rule (docs/kernel-module.md,
 * "Cache maintenance"): a map syncs for the device unless another attachment of the buffer is
 * mapped (then {@code DMA_ATTR_SKIP_CPU_SYNC}); an unmap always syncs for the CPU, in its
 * mapping's direction. Which commands map and unmap is the plan's own prediction (a command the
 * model predicts to fail never reaches the DMA API); the control device unmaps what is still
 * mapped, in its stand-ins' order, when {@code new} drops the buffer and when the replay ends
 * (cen_ctl_test.c). The kernel's side is the {@code dma:dma_map_sg} and {@code dma:dma_unmap_sg}
 * events (Linux 6.12 on), as the guest prints them: {@code map|unmap DEVICE DIR skip|sync}.
 */
final class MapSyncCalls {
    /** One predicted call as the guest prints it, and the plan's command that causes it. */
    record Call(String text, ReplayPlan.Expected command) {}

    private static final Map<String, String> DIRECTIONS =
            Map.of("", "BIDIRECTIONAL", "bidi", "BIDIRECTIONAL", "to", "TO_DEVICE", "from", "FROM_DEVICE");

    private final Map<String, String> standIns;
    private final List<Call> calls = new ArrayList<>();
    /** Control-device name to the direction it is mapped with now, for the buffer of the moment. */
    private final Map<String, String> mapped = new LinkedHashMap<>();

    private MapSyncCalls(Spec spec) {
        this.standIns = standIns(spec);
    }

    /** The calls {@code plan}'s replay of {@code spec}'s test build must make, in order. */
    static List<Call> predict(Spec spec, ReplayPlan plan) {
        MapSyncCalls p = new MapSyncCalls(spec);
        ReplayPlan.Expected last = null;
        for (ReplayPlan.Expected e : plan.expected().values()) {
            p.command(e);
            last = e;
        }
        if (last != null) {
            p.drop(last); // the replay closes the control device
        }
        return List.copyOf(p.calls);
    }

    /**
     * The test build's stand-ins (cen_standin_test.c) in its order: the control device's name
     * of each to its {@code dev_name()}, which the DMA API's events print.
     */
    static Map<String, String> standIns(Spec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Device d : spec.devices()) {
            out.put(d.name(), spec.name() + "-" + d.name());
            if (!d.match().isEmpty()) {
                out.put(d.name() + "@match", d.match().get(0).value());
            }
        }
        for (ReplayPlan.RawDevice raw : ReplayPlan.RAW_DEVICES) {
            out.put(raw.name(), spec.name() + "-" + raw.name());
        }
        return out;
    }

    private void command(ReplayPlan.Expected e) {
        String[] w = e.command().split(" ");
        if (w[0].equals("new")) {
            drop(e);
            return;
        }
        if (e.rc() != 0 || w.length < 2) {
            return;
        }
        if (w[0].equals("map")) {
            String dir = DIRECTIONS.get(w.length > 2 ? w[2] : "");
            // the runtime's rule: a map skips the sync for the device while another attachment is mapped
            add("map", w[1], dir, !mapped.isEmpty(), e);
            mapped.put(w[1], dir);
        } else if (w[0].equals("unmap") && mapped.containsKey(w[1])) {
            // the runtime's rule: an unmap always syncs for the CPU, in the mapping's direction
            add("unmap", w[1], mapped.remove(w[1]), false, e);
        }
    }

    /** The control device's cen_ctl_drop(): every attachment still mapped unmapped, in stand-in order. */
    private void drop(ReplayPlan.Expected cause) {
        for (String dev : standIns.keySet()) {
            String dir = mapped.remove(dev);
            if (dir != null) {
                add("unmap", dev, dir, false, cause);
            }
        }
        mapped.clear();
    }

    private void add(String op, String dev, String dir, boolean skip, ReplayPlan.Expected cause) {
        String name = standIns.getOrDefault(dev, dev);
        calls.add(new Call(op + " " + name + " " + dir + " " + (skip ? "skip" : "sync"), cause));
    }

    /**
     * The kernel's calls on the stand-ins against the prediction: the check, or empty with why
     * in {@code notProven} where the kernel cannot show them.
     */
    static Optional<ProveReport.Check> check(
            Spec spec, ReplayPlan plan, GuestResults g, String module, List<String> notProven) {
        String trace = g.dmaMapTrace.get(module);
        if ("unavailable".equals(trace)) {
            notProven.add("map/unmap sync attributes not observable on this kernel: it has no dma:dma_map_sg and"
                    + " dma:dma_unmap_sg events (Linux 6.12 on)");
            return Optional.empty();
        }
        if (trace != null && trace.startsWith("lost ")) {
            notProven.add("map/unmap sync attributes: the trace buffer overran during the replays (events kept/written "
                    + trace.substring("lost ".length()) + ")");
            return Optional.empty();
        }
        List<Call> want = predict(spec, plan);
        Set<String> devices = Set.copyOf(standIns(spec).values());
        List<String> got = g.dmaMaps.getOrDefault(module, List.of()).stream()
                .filter(l -> devices.contains(l.split(" ")[1]))
                .toList();
        String name = "map/unmap CPU-sync attributes in order (" + want.size() + " calls)";
        List<String> texts = want.stream().map(Call::text).toList();
        if (trace != null && texts.equals(got)) {
            return Optional.of(new ProveReport.Check("sync", name, 1, 0, List.of()));
        }
        return Optional.of(new ProveReport.Check("sync", name, 0, 1, List.of(mismatch(want, got, trace != null))));
    }

    /** The first call where model and kernel part, with the calls that follow on each side. */
    private static ProveReport.Failure mismatch(List<Call> want, List<String> got, boolean traced) {
        int i = 0;
        while (i < want.size() && i < got.size() && want.get(i).text().equals(got.get(i))) {
            i++;
        }
        ReplayPlan.Expected cause = i < want.size() ? want.get(i).command() : null;
        String why = "call " + (i + 1) + "; model " + want.size() + " calls, kernel " + got.size()
                + (cause == null ? "" : "; caused by '" + cause.command() + "'")
                + "; model next: " + following(want.stream().map(Call::text).toList(), i)
                + "; kernel next: " + following(got, i);
        return new ProveReport.Failure(
                "dma_map_sg/dma_unmap_sg attributes",
                cause == null ? "the end of the replay" : cause.scenario(),
                cause == null ? "" : cause.at(),
                i < want.size() ? want.get(i).text() : "no further call",
                !traced ? "no trace" : i < got.size() ? got.get(i) : "no further call",
                ProveReport.Cause.MODULE,
                why);
    }

    private static String following(List<String> calls, int from) {
        List<String> next = calls.subList(Math.min(from + 1, calls.size()), Math.min(from + 4, calls.size()));
        return next.isEmpty() ? "none" : String.join(", ", next);
    }
}
