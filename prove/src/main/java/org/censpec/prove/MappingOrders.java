package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Operation;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.semantics.Acceptance;
import org.censpec.verify.direct.Interleavings;

/**
 * The orders of map and unmap that the flows and the runtime scenarios allow, as the data
 * plan replays them: each an order of attachments numbered by their first map, every
 * attachment unmapped by the end (a device that a flow leaves mapped is unmapped last, as
 * closing its buffer does), listed once however many executions share it.
 */
public final class MappingOrders {
    /** One step of an order: attachment {@code slot} maps ({@code map}) or unmaps. */
    public record Step(boolean map, int slot) {
        @Override
        public String toString() {
            return (map ? "map " : "unmap ") + slot;
        }
    }

    private MappingOrders() {}

    /** Every distinct order, the flows' first (their executions in order), then the runtime's shapes. */
    public static List<List<Step>> of(Spec spec, int limitPerFlow) {
        Set<List<Step>> orders = new LinkedHashSet<>();
        long all = new Acceptance(spec).all();
        for (Flow f : spec.flows()) {
            for (List<Interleavings.Event> execution :
                    Interleavings.of(spec, f, all, limitPerFlow).executions()) {
                List<Step> order = order(execution);
                if (!order.isEmpty()) {
                    orders.add(order);
                }
            }
        }
        for (Share share : spec.shares()) {
            int k = share.devices().size();
            orders.add(together(k));
            orders.add(oneAfterAnother(k));
        }
        return List.copyOf(orders);
    }

    /** The successful maps and unmaps of one execution (a detach while mapped unmaps). */
    static List<Step> order(List<Interleavings.Event> execution) {
        Map<String, Integer> slots = new LinkedHashMap<>();
        Set<String> mapped = new LinkedHashSet<>();
        List<Step> out = new ArrayList<>();
        for (Interleavings.Event e : execution) {
            if (e.failed()) {
                continue;
            }
            DeviceStep s = e.step();
            String dev = s.device().name();
            if (s.op() == Operation.MAP && mapped.add(dev)) {
                out.add(new Step(true, slots.computeIfAbsent(dev, d -> slots.size())));
            } else if ((s.op() == Operation.UNMAP || s.op() == Operation.DETACH) && mapped.remove(dev)) {
                out.add(new Step(false, slots.get(dev)));
            }
        }
        mapped.forEach(dev -> out.add(new Step(false, slots.get(dev))));
        return out;
    }

    /** Every member mapped at once, then unmapped in the same order. */
    static List<Step> together(int k) {
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(new Step(true, i));
        }
        for (int i = 0; i < k; i++) {
            out.add(new Step(false, i));
        }
        return out;
    }

    /** Each member mapped and unmapped before the next maps. */
    static List<Step> oneAfterAnother(int k) {
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(new Step(true, i));
            out.add(new Step(false, i));
        }
        return out;
    }

    /** How many attachments an order uses. */
    public static int slots(List<Step> order) {
        return order.stream().mapToInt(Step::slot).max().orElse(-1) + 1;
    }
}
