package org.censpec.tools.lsp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.censpec.grammar.CenLexer;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;

/**
 * Completion by context: what the grammar allows at the cursor, and only the names that fit
 * there. After {@code wait X.} only actor X's labels; after {@code wait} the flow's other
 * actors; after {@code attach}, {@code map}, {@code unmap}, {@code detach} the devices of the
 * flow's share; in {@code requires}, {@code forbids} and {@code provides} lists the properties;
 * in a share's braces the devices; after {@code flow F on} the shares; after {@code backend}
 * the backends; at the start of an item the keywords that item may start with there; after
 * digits the size units. Works on the tokens before the cursor, so a half-written spec
 * completes too.
 */
final class Completions {
    private static final List<String> TOP = List.of(
            "spec", "ram", "property", "allocator", "device", "share", "flow", "suppress", "include", "heap_access");
    private static final List<String> DEVICE_ITEMS =
            List.of("dma_bits", "requires", "forbids", "align", "iommu", "protected", "match");
    private static final List<String> ALLOCATOR_ITEMS =
            List.of("backend", "provides", "below", "align", "protected", "region", "size");
    private static final List<String> STEPS = List.of("attach", "map", "unmap", "detach", "wait");
    private static final List<String> BACKENDS = List.of("contiguous", "pages", "pages_dma32");
    private static final Set<String> DEVICE_OPS = Set.of("attach", "map", "unmap", "detach");

    private enum Block {
        TOP,
        ALLOCATOR,
        DEVICE,
        SHARE,
        FLOW,
        ACTOR
    }

    /** Where the cursor is: the innermost block, its flow and actor, and the item's tokens so far. */
    private record Context(Block block, String flow, String actor, List<String> item) {
        String last() {
            return item.isEmpty() ? "" : item.get(item.size() - 1);
        }

        String beforeLast() {
            return item.size() < 2 ? "" : item.get(item.size() - 2);
        }
    }

    private final String text;
    private final NameIndex index;

    private Completions(String text) {
        this.text = text;
        this.index = new NameIndex(text);
    }

    /** The completions at a 0-based line and character. */
    static List<CompletionItem> at(String text, int line, int character) {
        int offset = offset(text, line, character);
        int start = offset;
        while (start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
            start--;
        }
        String prefix = text.substring(start, offset);
        if (!prefix.isEmpty() && prefix.chars().allMatch(Character::isDigit)) {
            return units(prefix);
        }
        Completions c = new Completions(text);
        Context ctx = context(text.substring(0, start));
        List<CompletionItem> out = new ArrayList<>();
        for (CompletionItem i : c.candidates(ctx)) {
            if (i.getLabel().startsWith(prefix)) {
                out.add(i);
            }
        }
        return out;
    }

    private static int offset(String text, int line, int character) {
        int at = 0;
        for (int l = 0; l < line && at >= 0; l++) {
            at = text.indexOf('\n', at) + 1;
            if (at == 0) {
                return text.length();
            }
        }
        int end = text.indexOf('\n', at);
        return Math.min(at + character, end < 0 ? text.length() : end);
    }

    private static List<CompletionItem> units(String digits) {
        List<CompletionItem> items = new ArrayList<>();
        for (String unit : List.of("K", "M", "G")) {
            CompletionItem i = new CompletionItem(digits + unit);
            i.setKind(CompletionItemKind.Unit);
            i.setDetail(unit.equals("K") ? "KiB" : unit.equals("M") ? "MiB" : "GiB");
            items.add(i);
        }
        return items;
    }

    /** Scans the tokens before the cursor, keeping a stack of open blocks. */
    private static Context context(String before) {
        CenLexer lexer = new CenLexer(CharStreams.fromString(before));
        lexer.removeErrorListeners();
        Deque<Block> blocks = new ArrayDeque<>();
        List<String> item = new ArrayList<>();
        String flow = "";
        String actor = "";
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            String s = t.getText();
            Block in = blocks.isEmpty() ? Block.TOP : blocks.peek();
            if (s.equals("{")) {
                Block opened = opens(in, item);
                if (opened == Block.FLOW) {
                    flow = item.size() > 1 ? item.get(1) : "";
                } else if (opened == Block.ACTOR) {
                    actor = item.size() > 1 ? item.get(1) : "";
                }
                blocks.push(opened);
                item = opened == Block.SHARE ? new ArrayList<>(item) : new ArrayList<>();
            } else if (s.equals("}")) {
                if (!blocks.isEmpty()) {
                    blocks.pop();
                }
                item = new ArrayList<>();
            } else if (s.equals(";")) {
                item = new ArrayList<>();
            } else {
                item.add(s);
            }
        }
        Block in = blocks.isEmpty() ? Block.TOP : blocks.peek();
        return new Context(in, in == Block.TOP ? "" : flow, in == Block.ACTOR ? actor : "", item);
    }

    private static Block opens(Block in, List<String> item) {
        String first = item.isEmpty() ? "" : item.get(0);
        return switch (in) {
            case TOP ->
                switch (first) {
                    case "allocator" -> Block.ALLOCATOR;
                    case "device" -> Block.DEVICE;
                    case "share" -> Block.SHARE;
                    case "flow" -> Block.FLOW;
                    default -> Block.TOP;
                };
            case FLOW -> first.equals("actor") ? Block.ACTOR : Block.FLOW;
            default -> in;
        };
    }

    private List<CompletionItem> candidates(Context c) {
        String last = c.last();
        return switch (c.block()) {
            case TOP -> top(c);
            case DEVICE ->
                c.item().isEmpty()
                        ? keywords(DEVICE_ITEMS)
                        : inList(c, "requires", "forbids") ? declared(NameIndex.Kind.PROPERTY, "") : List.of();
            case ALLOCATOR ->
                c.item().isEmpty()
                        ? keywords(ALLOCATOR_ITEMS)
                        : last.equals("backend")
                                ? keywords(BACKENDS)
                                : inList(c, "provides") ? declared(NameIndex.Kind.PROPERTY, "") : List.of();
            case SHARE -> declared(NameIndex.Kind.DEVICE, "");
            case FLOW -> c.item().isEmpty() ? keywords(List.of("actor")) : List.of();
            case ACTOR -> step(c);
        };
    }

    private List<CompletionItem> top(Context c) {
        if (c.item().isEmpty()) {
            return keywords(TOP);
        }
        String first = c.item().get(0);
        if (first.equals("flow") && c.last().equals("on") && c.item().size() == 3) {
            return declared(NameIndex.Kind.SHARE, "");
        }
        if (first.equals("ram") && c.item().size() == 2) {
            return keywords(List.of("at"));
        }
        return List.of();
    }

    /** Inside a step: after a label, the step keywords; after an operation, the share's devices. */
    private List<CompletionItem> step(Context c) {
        List<String> item = c.item();
        int at = item.size() >= 2 && item.get(1).equals(":") ? 2 : 0;
        List<String> rest = item.subList(at, item.size());
        if (rest.isEmpty()) {
            return keywords(STEPS);
        }
        if (rest.size() == 1 && DEVICE_OPS.contains(rest.get(0))) {
            return devicesOfFlow(c.flow());
        }
        if (rest.size() == 1 && rest.get(0).equals("wait")) {
            return actorsOf(c.flow(), c.actor());
        }
        if (rest.size() == 3 && rest.get(0).equals("wait") && rest.get(2).equals(".")) {
            return declared(NameIndex.Kind.LABEL, NameIndex.labelScope(c.flow(), rest.get(1)));
        }
        return List.of();
    }

    /** Whether the item is a {@code kw a, b, } list of one of {@code keywords} waiting for a name. */
    private static boolean inList(Context c, String... keywords) {
        return List.of(keywords).contains(c.item().get(0))
                && (c.item().size() == 1 || c.last().equals(","));
    }

    private List<CompletionItem> actorsOf(String flow, String self) {
        List<CompletionItem> out = new ArrayList<>();
        for (CompletionItem i : declared(NameIndex.Kind.ACTOR, flow)) {
            if (!i.getLabel().equals(self)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The devices of the share the flow is on (all devices when the share is not known). */
    private List<CompletionItem> devicesOfFlow(String flow) {
        Set<String> members = shareMembers(flow);
        List<CompletionItem> out = new ArrayList<>();
        for (CompletionItem i : declared(NameIndex.Kind.DEVICE, "")) {
            if (members.isEmpty() || members.contains(i.getLabel())) {
                out.add(i);
            }
        }
        return out;
    }

    /** The devices listed by the share of flow {@code flow}: {@code flow F on S} and {@code share S { a, b }}. */
    private Set<String> shareMembers(String flow) {
        List<String> toks = new ArrayList<>();
        CenLexer lexer = new CenLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            toks.add(t.getText());
        }
        String share = null;
        for (int i = 0; i + 3 < toks.size() && share == null; i++) {
            if (toks.get(i).equals("flow")
                    && toks.get(i + 1).equals(flow)
                    && toks.get(i + 2).equals("on")) {
                share = toks.get(i + 3);
            }
        }
        Set<String> members = new LinkedHashSet<>();
        for (int i = 0; share != null && i + 2 < toks.size(); i++) {
            if (toks.get(i).equals("share")
                    && toks.get(i + 1).equals(share)
                    && toks.get(i + 2).equals("{")) {
                for (int j = i + 3; j < toks.size() && !toks.get(j).equals("}"); j++) {
                    if (!toks.get(j).equals(",")) {
                        members.add(toks.get(j));
                    }
                }
            }
        }
        return members;
    }

    private List<CompletionItem> declared(NameIndex.Kind kind, String scope) {
        Set<String> seen = new LinkedHashSet<>();
        List<CompletionItem> out = new ArrayList<>();
        for (NameIndex.Occurrence o : index.all()) {
            if (o.declaration() && o.kind() == kind && o.scope().equals(scope) && seen.add(o.name())) {
                CompletionItem i = new CompletionItem(o.name());
                i.setKind(
                        switch (kind) {
                            case DEVICE -> CompletionItemKind.Class;
                            case PROPERTY -> CompletionItemKind.Property;
                            case SHARE -> CompletionItemKind.Struct;
                            case ACTOR -> CompletionItemKind.Function;
                            default -> CompletionItemKind.Variable;
                        });
                i.setDetail(kind.name().toLowerCase(Locale.ROOT));
                out.add(i);
            }
        }
        return out;
    }

    private static List<CompletionItem> keywords(List<String> words) {
        List<CompletionItem> out = new ArrayList<>();
        for (String k : words) {
            CompletionItem i = new CompletionItem(k);
            i.setKind(CompletionItemKind.Keyword);
            out.add(i);
        }
        return out;
    }
}
