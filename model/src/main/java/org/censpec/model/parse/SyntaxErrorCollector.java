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
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
            String msg, RecognitionException e) {
        if (afterUnterminatedComment) {
            return; // the rest of the file is the comment: errors at its end are consequences
        }
        if (offendingSymbol instanceof Token t && t.getType() == CenLexer.UNTERMINATED_COMMENT) {
            afterUnterminatedComment = true;
        }
        if (findings.size() == LIMIT) {
            Finding last = findings.remove(LIMIT - 1);
            findings.add(Finding.error("spec.syntax", last.loc(), last.message() + " (" + GIVING_UP + ")"));
            throw new TooManyErrors();
        }
        findings.add(Finding.error("spec.syntax", new SourceLocation(file, line, column + 1), msg));
    }

    List<Finding> findings() {
        return findings;
    }

    boolean any() {
        return !findings.isEmpty();
    }
}
