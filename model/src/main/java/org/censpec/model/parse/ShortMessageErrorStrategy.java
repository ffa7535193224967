package org.censpec.model.parse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.censpec.grammar.CenLexer;

/**
 * ANTLR's error recovery with messages a spec author can read: offending tokens are
 * shortened (a 1 MB token gives a short message) and, where any name would do, the list
 * of keywords that may also serve as names is shown as "a name".
 */
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

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token t = recognizer.getCurrentToken();
        recognizer.notifyErrorListeners(
                t,
                "unexpected " + getTokenErrorDisplay(t) + "; expected "
                        + expected(recognizer, getExpectedTokens(recognizer)),
                null);
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token t = recognizer.getCurrentToken();
        recognizer.notifyErrorListeners(
                t,
                "missing " + expected(recognizer, getExpectedTokens(recognizer)) + " before " + getTokenErrorDisplay(t),
                null);
    }

    @Override
    protected void reportInputMismatch(Parser recognizer, InputMismatchException e) {
        recognizer.notifyErrorListeners(
                e.getOffendingToken(),
                "unexpected " + getTokenErrorDisplay(e.getOffendingToken()) + "; expected "
                        + expected(recognizer, e.getExpectedTokens()),
                e);
    }

    @Override
    protected void reportNoViableAlternative(Parser recognizer, NoViableAltException e) {
        recognizer.notifyErrorListeners(
                e.getOffendingToken(), "unexpected " + getTokenErrorDisplay(e.getOffendingToken()), e);
    }

    private static String expected(Parser recognizer, IntervalSet set) {
        boolean name = set.contains(CenLexer.ID);
        List<String> parts = new ArrayList<>();
        if (name) {
            parts.add("a name");
        }
        for (int type : set.toList()) {
            String display = recognizer.getVocabulary().getDisplayName(type);
            boolean keyword = display.matches("'[a-z_]+'");
            if (type == CenLexer.ID || (name && keyword)) {
                continue;
            }
            parts.add(type == Token.EOF ? "end of file" : display.equals("NUMBER") ? "a number" : display);
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return "one of " + String.join(", ", parts);
    }
}
