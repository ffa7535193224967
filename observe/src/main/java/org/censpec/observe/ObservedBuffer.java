package org.censpec.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.TraceStep;
import org.censpec.model.semantics.BufferState;

/**
 * One live buffer of a recorded trace: its heap, the model's state of it (attached and
 * mapped devices, access mask, allocator) as docs/semantics.md defines it, who allocated
 * it, the last events (for findings' traces) and the flows its steps may still be.
 */
final class ObservedBuffer {
    /** Events kept per buffer for a finding's trace: the most recent ones. */
    static final int TRACE_TAIL = 32;
    /** Distinct devices one buffer can track (one bit each). */
    static final int MAX_DEVICES = 64;

    /** What caused the allocation: the event, its task and the device that mapped ("the CPU" for CPU access). */
    record Allocation(SourceLocation where, String task, String by, String time) {}

    final String id;
    final String heap;
    final Optional<Share> share;
    final SourceLocation created;
    final FlowMatcher matcher;
    BufferState state;
    Allocation allocation;
    boolean unknownDevices;
    boolean reportedUnspecified;
    private final Map<String, Integer> bits = new LinkedHashMap<>();
    private final Deque<TraceStep> tail = new ArrayDeque<>();

    ObservedBuffer(
            String id,
            String heap,
            Optional<Share> share,
            SourceLocation created,
            long initialMask,
            FlowMatcher matcher) {
        this.id = id;
        this.heap = heap;
        this.share = share;
        this.created = created;
        this.matcher = matcher;
        this.state = BufferState.initial(initialMask);
    }

    /** The device's bit in the attached/mapped sets, or -1 past {@link #MAX_DEVICES} devices. */
    long bit(String device) {
        Integer b = bits.get(device);
        if (b == null) {
            if (bits.size() == MAX_DEVICES) {
                return -1;
            }
            b = bits.size();
            bits.put(device, b);
        }
        return 1L << b;
    }

    void remember(TraceStep step) {
        if (tail.size() == TRACE_TAIL) {
            tail.removeFirst();
        }
        tail.addLast(step);
    }

    List<TraceStep> trace() {
        return new ArrayList<>(tail);
    }

    /** How findings name the buffer: {@code buffer 7 (heap rpi4_camera-preview)}. */
    String label() {
        return "buffer " + id + " (heap " + heap + ")";
    }
}
