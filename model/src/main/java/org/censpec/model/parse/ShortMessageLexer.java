package org.censpec.model.parse;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.censpec.grammar.CenLexer;

/**
 * The generated lexer, with bad input quoted briefly in its error messages and a comment
 * that is never closed reported as one syntax error at its {@code /*} (the comment runs to
 * the end of the file, so the parser then sees the end of the file).
 */
final class ShortMessageLexer extends CenLexer {
    static final String UNTERMINATED = "unterminated comment: this '/*' has no closing '*/'";

    ShortMessageLexer(CharStream input) {
        super(input);
    }

    @Override
    public Token nextToken() {
        Token t = super.nextToken();
        if (t.getType() != UNTERMINATED_COMMENT) {
            return t;
        }
        getErrorListenerDispatch().syntaxError(this, t, t.getLine(), t.getCharPositionInLine(), UNTERMINATED, null);
        return super.nextToken();
    }

    @Override
    public String getErrorDisplay(String s) {
        String q = Printable.quote(s);
        return q.substring(1, q.length() - 1);
    }
}
