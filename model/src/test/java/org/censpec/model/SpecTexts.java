package org.censpec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;

/** A spec text as the model's tests read it: parsed, validated, its findings by id and place. */
final class SpecTexts {
    private SpecTexts() {}

    /** The parser's and the validator's findings of {@code text} (file {@code t.cen}). */
    static List<Finding> findings(String text) {
        ParseResult r = new SpecReader().parse("t.cen", text);
        List<Finding> out = new ArrayList<>(r.findings());
        r.spec().ifPresent(s -> out.addAll(SpecValidator.validate(s)));
        return out;
    }

    /** The spec of {@code text}, which must have no finding. */
    static Spec parse(String text) {
        assertEquals(List.of(), findings(text));
        return new SpecReader().parse("t.cen", text).spec().orElseThrow();
    }

    /** Each finding of {@code text} as {@code id@line:column}. */
    static List<String> ids(String text) {
        return findings(text).stream()
                .map(f -> f.id() + "@" + f.loc().line() + ":" + f.loc().column())
                .toList();
    }
}
