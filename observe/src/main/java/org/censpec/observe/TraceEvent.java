package org.censpec.observe;

import java.util.Map;
import java.util.Optional;
import org.censpec.model.SourceLocation;

/**
 * One event line of a recorded trace, as ftrace prints the generated module's
 * tracepoints (docs/observe.md): the task that caused it, when, which event, and its
 * {@code key=value} fields.
 */
public record TraceEvent(SourceLocation where, String task, long micros, Kind kind, Map<String, String> fields) {

    /** The module's events; {@code name} is the tracepoint's name in the log. */
    public enum Kind {
        CREATE("cen_create"),
        ATTACH("cen_attach"),
        ALLOC("cen_alloc"),
        MAP("cen_map"),
        UNMAP("cen_unmap"),
        DETACH("cen_detach"),
        CPU_ACCESS("cen_cpu_access"),
        RELEASE("cen_release");

        private final String name;

        Kind(String name) {
            this.name = name;
        }

        public String eventName() {
            return name;
        }

        static Optional<Kind> of(String eventName) {
            for (Kind k : values()) {
                if (k.name.equals(eventName)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public TraceEvent {
        fields = Map.copyOf(fields);
    }

    /** A field's value, or {@code ""} when the event lacks it. */
    public String field(String key) {
        return fields.getOrDefault(key, "");
    }

    /** The buffer id every event carries. */
    public String buffer() {
        return field("buf");
    }

    /** The kernel's result: 0 or a negative errno; 0 when the event has no {@code rc}. */
    public int rc() {
        String v = field("rc");
        try {
            return v.isEmpty() ? 0 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    /** A hexadecimal mask field ({@code 0x1f}); -1 when it is missing or malformed. */
    public long mask(String key) {
        String v = field(key);
        try {
            return v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The time as ftrace prints it, seconds with six decimals. */
    public String time() {
        return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }
}
