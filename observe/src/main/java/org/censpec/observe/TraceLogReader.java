package org.censpec.observe;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.censpec.model.SourceLocation;

/**
 * Reads a recorded trace line by line (a line ends at LF, CR LF or a lone CR), in bounded
 * memory whatever the log's size: the {@code # censpec-record} header, ftrace's comment
 * lines, and one event per line in the form ftrace prints ({@code TASK-PID [CPU] FLAGS SECONDS: EVENT: key=value ...}). Lines
 * of other tracepoints are skipped; lines that are not ftrace lines, a line cut off at the
 * end of the log and a line longer than {@link #MAX_LINE} are reported to the sink.
 * {@code cen_importer} events (devices the spec does not name) go to a sink of their own.
 */
public final class TraceLogReader {
    /** Longest line read; longer lines are skipped with a note (no event is that long). */
    public static final int MAX_LINE = 64 * 1024;

    /** What the header says: the spec the module was generated from, and the rest of it. */
    public record Header(SourceLocation where, int version, Map<String, String> fields) {
        public String spec() {
            return fields.getOrDefault("spec", "");
        }

        /**
         * The trace system the events were recorded from (the module's own, {@code censpec_MODULE});
         * empty in logs of a censpec whose modules all had the one system {@code censpec}.
         */
        public String system() {
            return fields.getOrDefault("system", "");
        }
    }

    /** Problems of the log itself, each at its line. */
    public interface Problems {
        void report(SourceLocation where, String message);
    }

    private static final Pattern EVENT_LINE = Pattern.compile(
            "^\\s{0,64}(.{1,64})-(\\d{1,10})\\s{1,64}(?:\\([^)]{0,32}\\)\\s{1,64})?\\[(\\d{1,6})\\]\\s{1,64}"
                    + "(?:\\S{1,16}\\s{1,64})?(\\d{1,12})\\.(\\d{6}):\\s{1,64}(\\w{1,64}):\\s?(.*)$");
    private static final Pattern LOST = Pattern.compile("^\\s*CPU:(\\d{1,6}) \\[LOST (\\d{1,19}) EVENTS\\]\\s*$");
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S*)");
    private static final String HEADER = "# censpec-record ";
    private static final String IMPORTER = "cen_importer";
    private static final List<String> IMPORTER_NUMBERS = List.of("dma_mask", "bus_limit", "bus_offset", "max_seg");

    private final String file;
    private final Problems problems;
    private Header header;
    private String kernel = "";
    private Consumer<ImporterEvent> importers = e -> {};
    private long lines;
    private long events;
    private long skipped;

    public TraceLogReader(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * Reads the whole log, handing each buffer event to {@code sink} and each importer
     * event to {@code importerSink}, in log order.
     */
    public void read(Reader in, Consumer<TraceEvent> sink, Consumer<ImporterEvent> importerSink) throws IOException {
        importers = importerSink;
        read(in, sink);
    }

    /** Reads the whole log, handing each censpec event to {@code sink} in log order. */
    public void read(Reader in, Consumer<TraceEvent> sink) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        boolean afterCr = false;
        char[] buf = new char[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                char c = buf[i];
                if (c == '\n' && afterCr) {
                    afterCr = false; // the LF of a CR LF: that line has ended
                    continue;
                }
                afterCr = c == '\r';
                if (c == '\n' || c == '\r') {
                    lines++;
                    if (tooLong) {
                        problems.report(at(1), "line longer than " + MAX_LINE + " characters skipped");
                    } else {
                        line(line.toString(), sink, false);
                    }
                    line.setLength(0);
                    tooLong = false;
                } else if (!tooLong) {
                    if (line.length() == MAX_LINE) {
                        tooLong = true;
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        if (tooLong || line.length() > 0) {
            lines++;
            if (tooLong) {
                problems.report(at(1), "line longer than " + MAX_LINE + " characters skipped");
            } else {
                line(line.toString(), sink, true);
            }
        }
    }

    private void line(String text, Consumer<TraceEvent> sink, boolean last) {
        if (text.isBlank()) {
            return;
        }
        if (text.startsWith(HEADER)) {
            header(text);
            return;
        }
        if (text.startsWith("#")) {
            return;
        }
        Matcher lost = LOST.matcher(text);
        if (lost.matches()) {
            problems.report(
                    at(1),
                    "the kernel dropped " + lost.group(2) + " events of CPU " + lost.group(1)
                            + " here (trace buffer overrun; record with a larger -b): buffers may be seen incompletely");
            return;
        }
        Matcher m = EVENT_LINE.matcher(text);
        if (!m.matches()) {
            problems.report(
                    at(1),
                    last
                            ? "the log ends in the middle of a line (truncated recording?): skipped"
                            : "not an ftrace event line: skipped");
            return;
        }
        if (m.group(6).equals(IMPORTER)) {
            importer(m);
            return;
        }
        Optional<TraceEvent.Kind> kind = TraceEvent.Kind.of(m.group(6));
        if (kind.isEmpty()) {
            skipped++;
            return;
        }
        long micros;
        try {
            micros = Math.multiplyExact(Long.parseLong(m.group(4)), 1_000_000L) + Long.parseLong(m.group(5));
        } catch (ArithmeticException | NumberFormatException e) {
            problems.report(at(m.start(4) + 1), "timestamp out of range: skipped");
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher f = FIELD.matcher(m.group(7));
        while (f.find()) {
            fields.putIfAbsent(f.group(1), f.group(2));
        }
        if (!fields.containsKey("buf")) {
            problems.report(at(m.start(6) + 1), m.group(6) + " event without a buffer id: skipped");
            return;
        }
        events++;
        sink.accept(
                new TraceEvent(at(m.start(6) + 1), m.group(1).trim() + "-" + m.group(2), micros, kind.get(), fields));
    }

    private void importer(Matcher m) {
        Map<String, String> f = fields(m.group(7));
        SourceLocation where = at(m.start(6) + 1);
        String dev = f.getOrDefault("dev", "");
        String compatible = f.getOrDefault("compatible", "");
        String iommu = f.getOrDefault("iommu", "");
        List<Long> numbers = new ArrayList<>();
        for (String key : IMPORTER_NUMBERS) {
            number(f.getOrDefault(key, "")).ifPresent(numbers::add);
        }
        if (dev.isEmpty()
                || compatible.isEmpty()
                || !iommu.matches("[01]")
                || numbers.size() < IMPORTER_NUMBERS.size()) {
            problems.report(
                    where,
                    IMPORTER + " event without its device, compatibles or DMA view, or with a "
                            + "malformed number: skipped");
            return;
        }
        List<String> compatibles = compatible.equals("-") ? List.of() : List.of(compatible.split(";"));
        importers.accept(new ImporterEvent(
                where,
                kernel,
                dev,
                compatibles,
                numbers.get(0),
                numbers.get(1),
                iommu.equals("1"),
                numbers.get(2),
                numbers.get(3)));
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher f = FIELD.matcher(text);
        while (f.find()) {
            fields.putIfAbsent(f.group(1), f.group(2));
        }
        return fields;
    }

    /** {@code 0x...} (all 64 bits, unsigned) or a decimal; empty when malformed or missing. */
    private static Optional<Long> number(String v) {
        try {
            return Optional.of(v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void header(String text) {
        String[] words = text.substring(HEADER.length()).trim().split("\\s+");
        int version;
        try {
            version = Integer.parseInt(words[0]);
        } catch (NumberFormatException e) {
            problems.report(at(HEADER.length() + 1), "header without a format version: ignored");
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
        }
        if (header == null) {
            header = new Header(at(1), version, fields);
        }
        kernel = fields.getOrDefault("kernel", "");
    }

    private SourceLocation at(int column) {
        return new SourceLocation(file, (int) Math.min(lines, Integer.MAX_VALUE), column);
    }

    /** The first {@code # censpec-record} header, if the log has one. */
    public Optional<Header> header() {
        return Optional.ofNullable(header);
    }

    public long lines() {
        return lines;
    }

    /** Events of the generated module read. */
    public long events() {
        return events;
    }

    /** Event lines of other tracepoints, skipped. */
    public long otherEvents() {
        return skipped;
    }
}
