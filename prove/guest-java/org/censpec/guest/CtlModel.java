package org.censpec.guest;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the test build's control device must answer, one command at a time, by the
 * semantics of the spec (the module's header comment, the verifier's model): a buffer's
 * access mask starts as its heap's initial mask; an attach ANDs the device's mask in and
 * is refused with -EBUSY when the buffer is already backed by an allocator the device does
 * not accept, with -EINVAL when no allocator would be left; the first map backs the buffer
 * from the lowest bit left; detach never widens the mask. The control device's own rules
 * (one attachment and one mapping per device and file) are modelled too. Masks and
 * allocator names come from the generated bindings of the spec.
 */
final class CtlModel {
    static final int ENOENT = 2;
    static final int ENOMEM = 12;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int EMFILE = 24;

    /** A board: allocator names in priority order, device masks, heap label to initial mask. */
    record Board(List<String> allocators, Map<String, Long> devices, Map<String, Long> heaps) {
    }

    /** One predicted result line. */
    record Result(int rc, long mask, String alloc, String place) {
        String render() {
            return "rc=" + rc + " mask=0x" + Long.toHexString(mask) + " alloc=" + alloc + " place=" + place;
        }
    }

    private final Board board;
    private boolean buffer;
    private long mask;
    private int alloc = -1;
    private final Set<String> attached = new HashSet<>();
    private final Set<String> mapped = new HashSet<>();

    CtlModel(Board board) {
        this.board = board;
    }

    static Map<String, Long> map(Object... pairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Long) pairs[i + 1]);
        }
        return m;
    }

    /** The result the model predicts for one command line, updating the model's buffer. */
    Result run(String line) {
        String[] w = line.trim().split("\\s+");
        String cmd = w[0];
        String arg = w.length > 1 ? w[1] : "";
        int rc = step(cmd, arg);
        String place = cmd.equals("map") && rc == 0 ? "ok" : "-";
        return new Result(rc, buffer ? mask : 0, buffer && alloc >= 0 ? board.allocators().get(alloc) : "-", place);
    }

    private int step(String cmd, String arg) {
        if (cmd.equals("new")) {
            buffer = false;
            attached.clear();
            mapped.clear();
            Long initial = board.heaps().get(arg);
            if (initial == null) {
                return -ENOENT;
            }
            buffer = true;
            mask = initial;
            alloc = -1;
            return 0;
        }
        Long dev = board.devices().get(arg);
        if (dev == null) {
            return -ENODEV;
        }
        if (!buffer) {
            return -ENOENT;
        }
        switch (cmd) {
            case "attach":
                if (attached.contains(arg)) {
                    return -EBUSY;
                }
                if (alloc >= 0 && (dev & (1L << alloc)) == 0) {
                    return -EBUSY;
                }
                if ((mask & dev) == 0) {
                    return -EINVAL;
                }
                mask &= dev;
                attached.add(arg);
                return 0;
            case "map":
                if (!attached.contains(arg)) {
                    return -ENOENT;
                }
                if (mapped.contains(arg)) {
                    return -EBUSY;
                }
                if (alloc < 0) {
                    if (mask == 0) {
                        return -EINVAL;
                    }
                    alloc = Long.numberOfTrailingZeros(mask);
                }
                mapped.add(arg);
                return 0;
            case "unmap":
                return mapped.remove(arg) ? 0 : -ENOENT;
            case "detach":
                if (!attached.contains(arg)) {
                    return -ENOENT;
                }
                if (mapped.contains(arg)) {
                    return -EBUSY;
                }
                attached.remove(arg);
                return 0;
            default:
                return -EINVAL;
        }
    }
}
