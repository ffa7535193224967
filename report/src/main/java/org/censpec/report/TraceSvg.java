package org.censpec.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Actor;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Step;
import org.censpec.model.TraceStep;

/**
 * A flow finding's counterexample as an SVG sequence diagram: one lifeline per actor, the
 * interleaving's steps in order as labelled boxes on their actor's lifeline (numbered, with
 * the access mask after each step in the right-hand column), a band marking the moment of
 * allocation with the allocator chosen, and the offending (last) step in red. For a
 * deadlock, the step each unfinished actor is blocked on is drawn dashed in red below the
 * trace. The output depends only on the finding and the flow: no clock, no randomness.
 */
public final class TraceSvg {
    private static final double CHAR = 7.2; // advance of one 12px monospace character
    private static final int MARGIN = 20;
    private static final int NUM_COL = 36;
    private static final int ROW = 38;
    private static final int BOX_H = 24;
    private static final int HEAD_H = 30;
    private static final int ALLOC_BAND = 26;
    private static final String FONT = "font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\"";
    private static final String RED = "#c62828";
    private static final String STUCK = "stuck: every unfinished actor waits";
    private static final String ORANGE = "#e07b00";

    private TraceSvg() {}

    /** A file name for the picture: {@code SPEC-ID-LINE.svg}, restricted to portable characters. */
    public static String fileName(String specName, Finding f) {
        return safe(specName) + "-" + safe(f.id()) + "-" + f.loc().line() + ".svg";
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public static String render(String specName, Optional<Flow> flow, Finding f) {
        return new Picture(specName, flow, f).svg();
    }

    /** One picture's layout (columns, rows, widths) and the drawing of its parts, top to bottom. */
    private static final class Picture {
        private final String specName;
        private final Optional<Flow> flow;
        private final Finding f;
        private final List<TraceStep> trace;
        private final List<String> actors;
        private final int allocated;
        private final Map<String, String> blocked;
        private final Map<String, Integer> width;
        private final Map<String, Integer> center = new LinkedHashMap<>();
        private final int maskX;
        private final int totalW;
        private final String where;
        private final List<Integer> rowY = new ArrayList<>();
        private int headTop;
        private int blockedY;
        private int lifeEnd;

        Picture(String specName, Optional<Flow> flow, Finding f) {
            this.specName = specName;
            this.flow = flow;
            this.f = f;
            this.trace = f.trace();
            List<String> named = Findings.actors(flow, trace);
            this.actors = named.isEmpty() ? List.of("(no actor)") : named;
            this.allocated = Findings.allocationIndex(trace);
            this.blocked = blocked(flow, trace, f);
            this.width = columnWidths();
            int x = MARGIN + NUM_COL;
            for (String a : actors) {
                center.put(a, x + width.get(a) / 2);
                x += width.get(a);
            }
            this.maskX = x + 10;
            this.where = f.loc().file() + ":" + f.loc().line() + ":" + f.loc().column();
            this.totalW = totalWidth();
        }

        /** Each actor's column fits its name and its longest step label. */
        private Map<String, Integer> columnWidths() {
            Map<String, Integer> widths = new LinkedHashMap<>();
            for (String a : actors) {
                // the head box: "actor NAME" in 13px bold; a step box: its label plus "line NNNN" on either side
                int px = (int) Math.ceil(("actor " + a).length() * 8.2) + 40;
                for (TraceStep t : trace) {
                    if (t.actor().equals(a)) {
                        px = Math.max(px, (int) Math.ceil(t.step().length() * CHAR) + 24 + 2 * 62);
                    }
                }
                if (blocked.containsKey(a)) {
                    px = Math.max(px, (int) Math.ceil(blocked.get(a).length() * CHAR) + 24 + 20);
                }
                widths.put(a, Math.max(150, px));
            }
            return widths;
        }

        private int maskColumnWidth() {
            int maskChars = "access mask after step".length();
            for (TraceStep t : trace) {
                maskChars = Math.max(maskChars, Findings.maskText(t).length());
            }
            for (TraceStep t : trace) {
                if (t.allocator().isPresent()) {
                    maskChars = Math.max(
                            maskChars, ("allocated from " + t.allocator().get()).length());
                }
            }
            if (!blocked.isEmpty()) {
                maskChars = Math.max(maskChars, STUCK.length() + 2);
            }
            return (int) Math.ceil(maskChars * CHAR * 1.1) + 24;
        }

        private int totalWidth() {
            int headerW = (int) Math.ceil(Math.max((f.severity().label() + f.id()).length() + 2, 0) * 9.2)
                    + (int) Math.ceil(("flow " + flow.map(Flow::name).orElse("")).length() * 8.0)
                    + 40;
            return Math.max(
                    Math.max(maskX + maskColumnWidth() + MARGIN, 560),
                    Math.max(headerW, (int) Math.ceil(("at " + where).length() * 7.9)) + 2 * MARGIN);
        }

        String svg() {
            StringBuilder body = new StringBuilder();
            int y = header(body);
            headTop = y;
            actorHeads(body);
            placeRows(headTop + HEAD_H + 14);
            String lines = lifelines() + connectors();
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < trace.size(); i++) {
                stepRow(rows, i);
            }
            blockedRow(rows);
            int ly = lifeEnd + 22;
            String legend = legend(ly);
            return document(ly + MARGIN, body + lines + rows + legend);
        }

        /** The finding's id, flow, location and (at most four lines of) message; the y below it. */
        private int header(StringBuilder body) {
            List<String> messageLines = wrap(f.message(), Math.max(40, (int) ((totalW - 2 * MARGIN) / CHAR)));
            if (messageLines.size() > 4) {
                messageLines = new ArrayList<>(messageLines.subList(0, 4));
                messageLines.set(3, messageLines.get(3) + " ...");
            }
            int y = MARGIN + 14;
            body.append("  <text x=\"")
                    .append(MARGIN)
                    .append("\" y=\"")
                    .append(y)
                    .append("\" font-size=\"15\">")
                    .append("<tspan font-weight=\"bold\" fill=\"")
                    .append(f.isError() ? RED : ORANGE)
                    .append("\">")
                    .append(Xml.escape(f.severity().label() + "[" + f.id() + "]"))
                    .append("</tspan>")
                    .append(flow.map(fl -> "<tspan font-size=\"13\" fill=\"#333\"> in flow " + Xml.escape(fl.name())
                                    + "</tspan>")
                            .orElse(""))
                    .append("</text>\n");
            y += 18;
            body.append(text(MARGIN, y, 13, null, "#333", "at " + where));
            y += 20;
            for (String line : messageLines) {
                body.append(text(MARGIN, y, 12, null, "#222", line));
                y += 16;
            }
            return y + 10;
        }

        private void actorHeads(StringBuilder body) {
            for (String a : actors) {
                int w = width.get(a) - 20;
                int cx = center.get(a);
                body.append(rect(cx - w / 2, headTop, w, HEAD_H, "#e8eef7", "#3b5b8c", 1.5, false));
                body.append(text(cx, headTop + 20, 13, "bold", "#1d3557", "actor " + a, true));
            }
            body.append(text(maskX, headTop + 20, 12, "bold", "#444", "access mask after step"));
        }

        /** Row positions (the allocation band pushes later rows down), the blocked row, the lifelines' end. */
        private void placeRows(int rowsTop) {
            int ry = rowsTop;
            for (int i = 0; i < trace.size(); i++) {
                rowY.add(ry);
                ry += ROW;
                if (i == allocated) {
                    ry += ALLOC_BAND;
                }
            }
            blockedY = ry;
            if (!blocked.isEmpty()) {
                ry += ROW + 4;
            }
            lifeEnd = ry + 4;
        }

        private String lifelines() {
            StringBuilder lines = new StringBuilder();
            for (String a : actors) {
                int cx = center.get(a);
                lines.append("  <line x1=\"")
                        .append(cx)
                        .append("\" y1=\"")
                        .append(headTop + HEAD_H)
                        .append("\" x2=\"")
                        .append(cx)
                        .append("\" y2=\"")
                        .append(lifeEnd)
                        .append("\" stroke=\"#8a9bb5\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n");
            }
            return lines.toString();
        }

        /** Order connectors: from each step's box to the next one's. */
        private String connectors() {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i + 1 < trace.size(); i++) {
                int x1 = center.get(trace.get(i).actor());
                int x2 = center.get(trace.get(i + 1).actor());
                int y1 = rowY.get(i) + BOX_H;
                int y2 = rowY.get(i + 1);
                lines.append("  <path d=\"M")
                        .append(x1)
                        .append(' ')
                        .append(y1)
                        .append(" L")
                        .append(x2)
                        .append(' ')
                        .append(y2)
                        .append("\" fill=\"none\" stroke=\"#9e9e9e\" stroke-width=\"1\" "
                                + "marker-end=\"url(#arrow)\"/>\n");
            }
            return lines.toString();
        }

        private void stepRow(StringBuilder rows, int i) {
            TraceStep t = trace.get(i);
            boolean last = i == trace.size() - 1 && !f.id().equals("flow.deadlock");
            boolean alloc = i == allocated;
            int cx = center.get(t.actor());
            int w = (int) Math.ceil(t.step().length() * CHAR) + 24;
            int top = rowY.get(i);
            String fill = last ? "#ffebee" : alloc ? "#fff3e0" : "#ffffff";
            String stroke = last ? RED : alloc ? ORANGE : "#555555";
            rows.append("  <g class=\"step")
                    .append(last ? " offending" : "")
                    .append(alloc ? " allocation" : "")
                    .append("\" data-order=\"")
                    .append(i + 1)
                    .append("\" data-actor=\"")
                    .append(Xml.escape(t.actor()))
                    .append("\" data-line=\"")
                    .append(t.loc().line())
                    .append("\">\n");
            rows.append("  <title>")
                    .append(Xml.escape((i + 1) + ". " + t.actor() + ": " + t.step() + " (line "
                            + t.loc().line() + "), mask after " + Findings.maskText(t)
                            + t.allocator().map(a -> ", allocated from " + a).orElse("")))
                    .append("</title>\n");
            rows.append(text(MARGIN + NUM_COL - 8, top + 17, 12, "bold", "#444", (i + 1) + ".", false, "end"));
            rows.append(rect(cx - w / 2, top, w, BOX_H, fill, stroke, last || alloc ? 2.5 : 1.2, false));
            rows.append(text(cx, top + 17, 12, last ? "bold" : null, last ? RED : "#111", t.step(), true));
            rows.append(text(
                    cx + w / 2 + 6, top + 10, 9, null, "#777", "line " + t.loc().line()));
            rows.append(text(maskX, top + 17, 12, null, last ? RED : "#333", Findings.maskText(t)));
            if (last) {
                rows.append(text(maskX, top + 31, 11, "bold", RED, "\u2716 " + f.id()));
            }
            rows.append("  </g>\n");
            if (alloc) {
                allocationMarker(rows, t, top);
            }
        }

        /** The band across the picture at the moment of allocation, with the allocator chosen. */
        private void allocationMarker(StringBuilder rows, TraceStep t, int top) {
            int by = top + ROW - 4 + ALLOC_BAND / 2;
            rows.append("  <g class=\"allocation-marker\">\n");
            rows.append("  <line x1=\"")
                    .append(MARGIN)
                    .append("\" y1=\"")
                    .append(by)
                    .append("\" x2=\"")
                    .append(totalW - MARGIN)
                    .append("\" y2=\"")
                    .append(by)
                    .append("\" stroke=\"")
                    .append(ORANGE)
                    .append("\" stroke-width=\"2\" stroke-dasharray=\"10 4\"/>\n");
            String label = "allocated from " + t.allocator().orElseThrow();
            int lw = (int) Math.ceil(label.length() * CHAR) + 16;
            rows.append(rect(maskX - 6, by - 10, lw, 20, "#fff3e0", ORANGE, 1.5, false));
            rows.append(text(maskX + 2, by + 5, 12, "bold", ORANGE, label));
            rows.append("  </g>\n");
        }

        /** For a deadlock: the step each unfinished actor is stuck on, dashed, below the trace. */
        private void blockedRow(StringBuilder rows) {
            if (blocked.isEmpty()) {
                return;
            }
            rows.append("  <g class=\"blocked\">\n");
            for (Map.Entry<String, String> b : blocked.entrySet()) {
                int cx = center.get(b.getKey());
                int w = (int) Math.ceil(b.getValue().length() * CHAR) + 24;
                rows.append(rect(cx - w / 2, blockedY, w, BOX_H, "#ffebee", RED, 2, true));
                rows.append(text(cx, blockedY + 17, 12, "bold", RED, b.getValue(), true));
            }
            rows.append(text(maskX, blockedY + 17, 12, "bold", RED, "\u2716 " + STUCK));
            rows.append("  </g>\n");
        }

        private String legend(int ly) {
            StringBuilder legend = new StringBuilder();
            int lx = MARGIN;
            if (allocated >= 0) {
                legend.append(rect(MARGIN, ly - 11, 14, 14, "#fff3e0", ORANGE, 2, false));
                legend.append(text(MARGIN + 20, ly, 11, null, "#333", "first map: allocation"));
                lx = MARGIN + 20 + (int) Math.ceil(22 * 6.6) + 20;
            }
            legend.append(rect(lx, ly - 11, 14, 14, "#ffebee", RED, 2, !blocked.isEmpty()));
            legend.append(text(lx + 20, ly, 11, null, "#333", blocked.isEmpty() ? "offending step" : "blocked step"));
            return legend.toString();
        }

        private String document(int totalH, String content) {
            String title =
                    f.id() + " in " + flow.map(fl -> "flow " + fl.name()).orElse("a flow") + " of spec " + specName;
            StringBuilder svg = new StringBuilder();
            svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
                    .append(totalW)
                    .append("\" height=\"")
                    .append(totalH)
                    .append("\" viewBox=\"0 0 ")
                    .append(totalW)
                    .append(' ')
                    .append(totalH)
                    .append("\" ")
                    .append(FONT)
                    .append(">\n");
            svg.append("  <title>").append(Xml.escape(title + " at " + where)).append("</title>\n");
            svg.append("  <desc>").append(Xml.escape(f.message())).append("</desc>\n");
            svg.append("  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                    + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" "
                    + "fill=\"#9e9e9e\"/></marker></defs>\n");
            svg.append("  <rect x=\"0\" y=\"0\" width=\"")
                    .append(totalW)
                    .append("\" height=\"")
                    .append(totalH)
                    .append("\" fill=\"#ffffff\"/>\n");
            svg.append(content).append("</svg>\n");
            return svg.toString();
        }
    }

    /** For a deadlock: each unfinished actor's next step, the wait it is stuck on. */
    private static Map<String, String> blocked(Optional<Flow> flow, List<TraceStep> trace, Finding f) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!f.id().equals("flow.deadlock") || flow.isEmpty()) {
            return out;
        }
        for (Actor a : flow.get().actors()) {
            long ran = trace.stream().filter(t -> t.actor().equals(a.name())).count();
            if (ran < a.steps().size()) {
                Step next = a.steps().get((int) ran);
                out.put(a.name(), "blocked: " + next.text());
            }
        }
        return out;
    }

    private static List<String> wrap(String s, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out;
    }

    private static String rect(
            int x, int y, int w, int h, String fill, String stroke, double strokeWidth, boolean dashed) {
        return "  <rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + w + "\" height=\"" + h
                + "\" rx=\"4\" fill=\"" + fill + "\" stroke=\"" + stroke + "\" stroke-width=\""
                + String.format(Locale.ROOT, "%.1f", strokeWidth) + "\"" + (dashed ? " stroke-dasharray=\"5 3\"" : "")
                + "/>\n";
    }

    private static String text(int x, int y, int size, String weight, String fill, String s) {
        return text(x, y, size, weight, fill, s, false, null);
    }

    private static String text(int x, int y, int size, String weight, String fill, String s, boolean middle) {
        return text(x, y, size, weight, fill, s, middle, null);
    }

    private static String text(
            int x, int y, int size, String weight, String fill, String s, boolean middle, String anchor) {
        String a = anchor != null ? anchor : middle ? "middle" : null;
        return "  <text x=\"" + x + "\" y=\"" + y + "\" font-size=\"" + size + "\""
                + (weight != null ? " font-weight=\"" + weight + "\"" : "") + " fill=\"" + fill + "\""
                + (a != null ? " text-anchor=\"" + a + "\"" : "") + ">" + Xml.escape(s) + "</text>\n";
    }
}
