package org.censpec.prove;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A buffer as a device that is not cache-coherent sees it on arm64 (the boards censpec is
 * for): memory, which devices read and write, and the CPU's cache line over it, which may be
 * invalid, clean or dirty. The hardware may at any moment fill an invalid line from memory
 * (speculation), evict a clean one, or write a dirty one back; so each region is the set of
 * states it may be in, and a read is defined only when every state gives the same value.
 * arm64's cache maintenance: a sync for the device cleans (writes dirty lines back) in every
 * direction; a sync for the CPU invalidates, except in the to-device direction, where it does
 * nothing; an unmap is a sync for the CPU, a map a sync for the device.
 */
final class CachedMemory {
    private enum Kind {
        INVALID,
        CLEAN,
        DIRTY
    }

    private record Line(int memory, Kind kind, int value) {}

    private final List<Set<Line>> regions = new ArrayList<>();

    CachedMemory() {
        for (int r = 0; r < DmaContract.REGIONS; r++) {
            regions.add(Set.of(new Line(0, Kind.INVALID, 0)));
        }
    }

    void clean() {
        apply(l -> l.kind() == Kind.DIRTY ? new Line(l.value(), Kind.CLEAN, l.value()) : l);
    }

    void invalidate() {
        apply(l -> new Line(l.memory(), Kind.INVALID, 0));
    }

    void deviceWrite(int region, int value) {
        regions.set(region, map(settle(regions.get(region)), l -> new Line(value, l.kind(), l.value())));
    }

    OptionalInt deviceRead(int region) {
        return single(settle(regions.get(region)).stream()
                .mapToInt(Line::memory)
                .boxed()
                .toList());
    }

    void cpuWrite(int region, int value) {
        regions.set(region, map(settle(regions.get(region)), l -> new Line(l.memory(), Kind.DIRTY, value)));
    }

    OptionalInt cpuRead(int region) {
        return single(settle(regions.get(region)).stream()
                .mapToInt(l -> l.kind() == Kind.INVALID ? l.memory() : l.value())
                .boxed()
                .toList());
    }

    private void apply(UnaryOperator<Line> f) {
        for (int r = 0; r < regions.size(); r++) {
            regions.set(r, map(settle(regions.get(r)), f));
        }
    }

    private static Set<Line> map(Set<Line> lines, UnaryOperator<Line> f) {
        Set<Line> out = new HashSet<>();
        lines.forEach(l -> out.add(f.apply(l)));
        return out;
    }

    /** Every state the hardware may reach on its own: fills, evictions, write-backs. */
    private static Set<Line> settle(Set<Line> lines) {
        Set<Line> all = new HashSet<>(lines);
        List<Line> todo = new ArrayList<>(lines);
        while (!todo.isEmpty()) {
            Line l = todo.remove(todo.size() - 1);
            for (Line next : List.of(spontaneous(l))) {
                if (all.add(next)) {
                    todo.add(next);
                }
            }
        }
        return all;
    }

    private static Line[] spontaneous(Line l) {
        return switch (l.kind()) {
            case INVALID -> new Line[] {new Line(l.memory(), Kind.CLEAN, l.memory())};
            case CLEAN -> new Line[] {new Line(l.memory(), Kind.INVALID, 0)};
            case DIRTY -> new Line[] {new Line(l.value(), Kind.CLEAN, l.value())};
        };
    }

    private static OptionalInt single(List<Integer> values) {
        return values.stream().distinct().count() == 1 ? OptionalInt.of(values.get(0)) : OptionalInt.empty();
    }
}
