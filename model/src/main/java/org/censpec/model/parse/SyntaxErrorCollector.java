package org.censpec.model.parse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.censpec.model.Finding;
import org.censpec.model.SourceLocation;

/**
 * Turns ANTLR's syntax errors into {@code spec.syntax} findings. After {@link #LIMIT}
 * errors it stops the parse: a binary or garbage file would otherwise give one error per
 * byte.
 */
final class SyntaxErrorCollector extends BaseErrorListener {
    static final int LIMIT = 50;

    /** Thrown to stop parsing once the limit is reached. */
    static final class TooManyErrors extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyErrors() {
            super(null, null, false, false);
        }
    }

    private final String file;
    private final List<Finding> findings = new ArrayList<>();

    SyntaxErrorCollector(String file) {
        this.file = file;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
            String msg, RecognitionException e) {
        if (findings.size() == LIMIT) {
            findings.add(Finding.error("spec.syntax", new SourceLocation(file, line, column + 1),
                    "too many syntax errors; giving up on this file"));
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
