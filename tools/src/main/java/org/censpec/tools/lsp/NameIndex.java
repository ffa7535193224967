package org.censpec.tools.lsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.censpec.grammar.CenLexer;
import org.censpec.grammar.CenParser;

/**
 * Every name in one spec text with what it names (device, allocator, property, share,
 * flow, actor, label, backend) and whether it is the declaration: what go-to-definition,
 * find-references and document symbols need. Built from the parse tree, so a name that is
 * also a keyword is still found by its place in the grammar. Parses with error recovery:
 * a text with a syntax error still gives the names ANTLR recovered.
 */
final class NameIndex {
    enum Kind {
        DEVICE,
        ALLOCATOR,
        PROPERTY,
        SHARE,
        FLOW,
        ACTOR,
        LABEL,
        BACKEND,
        SPEC,
        ANY
    }

    /**
     * One occurrence: 0-based line and column, length; {@code scope} is the flow for actors,
     * {@code flow.actor} for labels ("" elsewhere); {@code container} the enclosing declaration for symbols.
     */
    record Occurrence(
            String name,
            Kind kind,
            boolean declaration,
            int line,
            int column,
            int length,
            String scope,
            int endLine,
            int endColumn) {
        boolean contains(int l, int c) {
            return l == line && c >= column && c <= column + length;
        }

        boolean sameSymbol(Occurrence o) {
            return o.name.equals(name)
                    && o.scope.equals(scope)
                    && (o.kind == kind || o.kind == Kind.ANY || kind == Kind.ANY);
        }
    }

    private final List<Occurrence> occurrences = new ArrayList<>();

    NameIndex(String text) {
        CenLexer lexer = new CenLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CenParser parser = new CenParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        CenParser.SpecContext tree = parser.spec();
        walk(tree);
    }

    private void walk(ParseTree t) {
        if (t instanceof CenParser.NameContext n) {
            classify(n);
            return;
        }
        for (int i = 0; i < t.getChildCount(); i++) {
            walk(t.getChild(i));
        }
    }

    List<Occurrence> all() {
        return occurrences;
    }

    Optional<Occurrence> at(int line, int column) {
        return occurrences.stream().filter(o -> o.contains(line, column)).findFirst();
    }

    List<Occurrence> declarationsOf(Occurrence o) {
        return occurrences.stream()
                .filter(x -> x.declaration && x.sameSymbol(o))
                .toList();
    }

    List<Occurrence> referencesOf(Occurrence o) {
        return occurrences.stream().filter(x -> x.sameSymbol(o)).toList();
    }

    private void classify(CenParser.NameContext ctx) {
        ParserRuleContext parent = ctx.getParent();
        Kind kind = Kind.ANY;
        boolean decl = false;
        String scope = "";
        if (parent instanceof CenParser.NameListContext list) {
            ParserRuleContext owner = list.getParent();
            if (owner instanceof CenParser.ShareDeclContext) {
                kind = Kind.DEVICE;
            } else {
                kind = Kind.PROPERTY; // provides, requires, forbids
            }
        } else if (parent instanceof CenParser.SpecHeaderContext) {
            kind = Kind.SPEC;
            decl = true;
        } else if (parent instanceof CenParser.PropertyDeclContext) {
            kind = Kind.PROPERTY;
            decl = true;
        } else if (parent instanceof CenParser.AllocatorDeclContext) {
            kind = Kind.ALLOCATOR;
            decl = true;
        } else if (parent instanceof CenParser.DeviceDeclContext) {
            kind = Kind.DEVICE;
            decl = true;
        } else if (parent instanceof CenParser.ShareDeclContext) {
            kind = Kind.SHARE;
            decl = true;
        } else if (parent instanceof CenParser.FlowDeclContext f) {
            boolean first = f.name(0) == ctx;
            kind = first ? Kind.FLOW : Kind.SHARE;
            decl = first;
        } else if (parent instanceof CenParser.AllocatorItemContext) {
            kind = Kind.BACKEND;
        } else if (parent instanceof CenParser.ActorDeclContext) {
            kind = Kind.ACTOR;
            decl = true;
            scope = flowOf(ctx);
        } else if (parent instanceof CenParser.StepDeclContext) {
            kind = Kind.LABEL;
            decl = true;
            scope = labelScope(flowOf(ctx), actorOf(ctx));
        } else if (parent instanceof CenParser.DeviceActionContext) {
            kind = Kind.DEVICE;
        } else if (parent instanceof CenParser.WaitActionContext w) {
            kind = w.actor == ctx ? Kind.ACTOR : Kind.LABEL;
            scope = kind == Kind.ACTOR || w.actor == null ? flowOf(ctx) : labelScope(flowOf(ctx), w.actor.getText());
        } else if (parent instanceof CenParser.FindingIdContext) {
            return; // parts of a finding id are not names
        }
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null ? start : ctx.getStop();
        if (start.getType() == Token.EOF || start.getStartIndex() < 0) {
            return;
        }
        int length = stop.getStopIndex() - start.getStartIndex() + 1;
        ParserRuleContext block = decl ? parent : ctx;
        Token end = block.getStop() == null ? stop : block.getStop();
        occurrences.add(new Occurrence(
                ctx.getText(),
                kind,
                decl,
                start.getLine() - 1,
                start.getCharPositionInLine(),
                Math.max(1, length),
                scope,
                end.getLine() - 1,
                end.getCharPositionInLine() + Math.max(1, end.getText().length())));
    }

    /** Labels are per actor: {@code flow.actor}, so `wait b.ready` finds b's `ready:`, not another actor's. */
    static String labelScope(String flow, String actor) {
        return flow + "." + actor;
    }

    private static String actorOf(ParserRuleContext ctx) {
        for (ParserRuleContext p = ctx; p != null; p = p.getParent()) {
            if (p instanceof CenParser.ActorDeclContext a && a.name() != null) {
                return a.name().getText();
            }
        }
        return "";
    }

    private static String flowOf(ParserRuleContext ctx) {
        for (ParserRuleContext p = ctx; p != null; p = p.getParent()) {
            if (p instanceof CenParser.FlowDeclContext f && !f.name().isEmpty()) {
                return f.name(0).getText();
            }
        }
        return "";
    }
}
