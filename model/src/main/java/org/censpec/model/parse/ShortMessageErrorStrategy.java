package org.censpec.model.parse;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Token;

/** ANTLR's recovery, with offending tokens shortened so that a 1 MB token gives a short message. */
final class ShortMessageErrorStrategy extends DefaultErrorStrategy {
    @Override
    protected String getTokenErrorDisplay(Token t) {
        if (t == null) {
            return "<no token>";
        }
        if (t.getType() == Token.EOF) {
            return "end of file";
        }
        return Printable.quote(t.getText());
    }
}
