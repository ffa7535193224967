package org.censpec.model.parse;

import org.antlr.v4.runtime.CharStream;
import org.censpec.grammar.CenLexer;

/** The generated lexer, with bad input quoted briefly in its error messages. */
final class ShortMessageLexer extends CenLexer {
    ShortMessageLexer(CharStream input) {
        super(input);
    }

    @Override
    public String getErrorDisplay(String s) {
        String q = Printable.quote(s);
        return q.substring(1, q.length() - 1);
    }
}
