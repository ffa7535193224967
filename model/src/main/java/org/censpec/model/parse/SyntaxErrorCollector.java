package org.censpec.model.parse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.censpec.grammar.CenLexer;
import org.censpec.model.Finding;
import org.censpec.model.SourceLocation;
import org.censpec.model.rules.SpecRules;

/**
 * Turns ANTLR's syntax errors into {@code spec.syntax} findings. It reports at most
 * {@link #LIMIT}: when one more arrives, the last reported one says so and the parse stops
 * (a binary or garbage file would otherwise give one error per byte).
 */
final class SyntaxErrorCollector extends BaseErrorListener {
    static final int LIMIT = 50;
    /** Appended to the last reported error when more followed it. */
    static final String GIVING_UP = "too many syntax errors; giving up on this file";

    /** Thrown to stop parsing once the limit is reached. */
    static final class TooManyErrors extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyErrors() {
            super(null, null, false, false);
        }
    }

    private final String file;
    private final List<Finding> findings = new ArrayList<>();
    private boolean afterUnterminatedComment;

    SyntaxErrorCollector(String file) {
        this.file = file;
    }

    @Override
    public void syntaxError(
            Recognizer<?, ?> recognizer,
            Object offendingSymbol,
            int line,
            int column,
            String msg,
            RecognitionException e) {
        if (afterUnterminatedComment) {
            return; // the rest of the file is the comment: errors at its end are consequences
        }
        if (offendingSymbol instanceof Token t && t.getType() == CenLexer.UNTERMINATED_COMMENT) {
            afterUnterminatedComment = true;
        }
        if (findings.size() == LIMIT) {
            Finding last = findings.remove(LIMIT - 1);
            findings.add(Finding.of(SpecRules.SYNTAX, last.loc(), last.message() + " (" + GIVING_UP + ")"));
            throw new TooManyErrors();
        }
        findings.add(Finding.of(
                SpecRules.SYNTAX, new SourceLocation(file, line, column + 1), msg + hint(recognizer, offendingSymbol)));
    }

    /** Fix-it help for the mistakes people make: size units, items of the other block kind. */
    private static String hint(Recognizer<?, ?> recognizer, Object offending) {
        if (!(recognizer instanceof org.antlr.v4.runtime.Parser parser)
                || !(offending instanceof org.antlr.v4.runtime.Token t)) {
            return "";
        }
        org.antlr.v4.runtime.TokenStream tokens = parser.getInputStream();
        if (t.getTokenIndex() > 0) {
            org.antlr.v4.runtime.Token prev = tokens.get(t.getTokenIndex() - 1);
            if (prev.getType() == org.censpec.grammar.CenLexer.NUMBER && prev.getStopIndex() + 1 == t.getStartIndex()) {
                return "; sizes are decimal with an optional K, M or G suffix (powers of 1024), e.g. 4G, 512M or 4096"
                        + " (not " + Printable.quote(prev.getText() + t.getText()) + ")";
            }
        }
        org.antlr.v4.runtime.ParserRuleContext ctx = parser.getContext();
        boolean inDevice = false;
        boolean inAllocator = false;
        for (org.antlr.v4.runtime.RuleContext c = ctx; c != null; c = c.parent) {
            inDevice |= c instanceof org.censpec.grammar.CenParser.DeviceDeclContext;
            inAllocator |= c instanceof org.censpec.grammar.CenParser.AllocatorDeclContext;
        }
        if (inDevice
                && (t.getText().equals("below")
                        || t.getText().equals("backend")
                        || t.getText().equals("provides"))) {
            return "; '" + t.getText() + "' is an allocator item: a device's reach is its dma_bits"
                    + (t.getText().equals("provides") ? " and its needs are requires/forbids" : "");
        }
        if (inAllocator
                && (t.getText().equals("dma_bits")
                        || t.getText().equals("requires")
                        || t.getText().equals("forbids"))) {
            return "; '" + t.getText()
                    + "' is a device item: an allocator's bound is below and its properties are provides";
        }
        return "";
    }

    List<Finding> findings() {
        return findings;
    }

    boolean any() {
        return !findings.isEmpty();
    }
}
