package org.censpec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

/** Every ```cen block of docs/language.md parses and validates without findings. */
class LanguageDocTest {
    @Test
    void everyExampleOfTheReferenceIsAValidSpec() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "language.md"));
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = doc.indexOf("```cen\n", at)) >= 0) {
            int end = doc.indexOf("```\n", at + 7);
            blocks.add(doc.substring(at + 7, end));
            at = end + 4;
        }
        assertTrue(blocks.size() >= 4, "examples found: " + blocks.size());
        for (String b : blocks) {
            ParseResult r = new SpecReader().parse("language.md", b);
            List<Finding> f = new ArrayList<>(r.findings());
            r.spec().ifPresent(s -> f.addAll(SpecValidator.validate(s)));
            assertEquals(List.of(), f, b);
        }
    }
}
