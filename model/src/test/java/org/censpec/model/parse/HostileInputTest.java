package org.censpec.model.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.censpec.model.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inputs that used to cost time or flood the report: each gives a bounded, located answer.
 * The timeouts are hang guards only; speed targets live in bench/.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
    private static final String HEAD = "spec x;\nram 1G;\n";

    private static ParseResult parse(String text) {
        return new SpecReader().parse("t.cen", text);
    }

    @Test
    void fortyThousandUnterminatedCommentOpenersAreOneLocatedError() {
        ParseResult r = parse(HEAD + "/* ".repeat(40_000));
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding f = r.findings().get(0);
        assertEquals("spec.syntax", f.id());
        assertEquals(3, f.loc().line());
        assertEquals(1, f.loc().column());
        assertTrue(f.message().contains("unterminated comment"), f.message());
    }

    @Test
    void unterminatedCommentInsideABlockHidesOnlyTheConsequencesAtTheEnd() {
        ParseResult r = parse(HEAD + "device d {\n  dma_bits 32; /* never closed *\n}\n");
        assertEquals(
                List.of("t.cen:4:16"),
                r.findings().stream().map(f -> f.loc().toString()).toList());
        assertTrue(r.findings().get(0).message().contains("unterminated comment"));
    }

    @Test
    void aClosedCommentBeforeAnUnclosedOneIsSkipped() {
        ParseResult r = parse(HEAD + "/* closed **/ device d { dma_bits 32; }\n/*/ not closed: '/*/' opens only");
        assertEquals(1, r.findings().size(), r.findings().toString());
        assertEquals(4, r.findings().get(0).loc().line());
    }

    @Test
    void commentsStillCloseAtTheFirstCloser() {
        ParseResult r = parse(HEAD + "/* a */ device d { dma_bits 32; } /* b ** / * */\n");
        assertTrue(r.spec().isPresent(), r.findings().toString());
        assertTrue(r.findings().isEmpty(), r.findings().toString());
    }

    @Test
    void garbageGivesAtMostFiftySyntaxErrorsTheLastSayingItGaveUp() {
        ParseResult r = parse(HEAD + "device d { ; }\n".repeat(2_000));
        assertEquals(SyntaxErrorCollector.LIMIT, r.findings().size());
        assertTrue(r.findings().stream()
                .allMatch(f -> f.id().equals("spec.syntax") && f.loc().line() >= 1));
        assertTrue(
                r.findings().get(49).message().endsWith("(" + SyntaxErrorCollector.GIVING_UP + ")"),
                r.findings().get(49).message());
        assertTrue(r.findings().stream().limit(49).noneMatch(f -> f.message().contains("giving up")));
    }

    @Test
    void exactlyFiftyErrorsAreReportedWithoutTheGivingUpNote() {
        ParseResult r = parse(HEAD + "device d { ; }\n".repeat(SyntaxErrorCollector.LIMIT));
        assertEquals(SyntaxErrorCollector.LIMIT, r.findings().size());
        assertTrue(r.findings().stream().noneMatch(f -> f.message().contains("giving up")));
    }

    /** Issue 29: a number of N digits cost O(N^2) before the 63-bit check (4 MiB: over 300 s). */
    @Test
    void aFourMegabyteNumberIsOneRangeErrorAtIt() {
        String digits = "1" + "0".repeat((int) SpecReader.MAX_BYTES - HEAD.length() - 40);
        ParseResult r = parse(HEAD + "allocator a { backend pages; below " + digits + "K; }\n");
        assertEquals(
                List.of("spec.range"),
                r.findings().stream().map(Finding::id).toList(),
                r.findings().toString());
        assertEquals("t.cen:3:36", r.findings().get(0).loc().toString());
        assertTrue(
                r.findings().get(0).message().contains("does not fit in 63 bits"),
                r.findings().get(0).message());
        ParseResult zeros = parse(HEAD + "allocator a { backend pages; below " + "0".repeat(1_000_000) + "4096; }\n");
        assertTrue(zeros.findings().isEmpty(), "leading zeros are only zeros: " + zeros.findings());
    }

    @Test
    void aFourMegabyteLineOfBadCharactersIsBounded() {
        ParseResult r = parse(HEAD + "#".repeat((int) SpecReader.MAX_BYTES - HEAD.length()));
        assertTrue(r.findings().size() <= SyntaxErrorCollector.LIMIT
                && !r.findings().isEmpty());
        assertEquals(3, r.findings().get(0).loc().line());
    }

    @Test
    void aFourMegabyteIdentifierIsOneError() {
        ParseResult r = parse(HEAD + "device " + "a".repeat(4_000_000));
        assertTrue(
                r.findings().size() <= 2 && r.findings().stream().allMatch(f -> f.id().equals("spec.syntax")),
                r.findings().toString());
    }

    @Test
    void manyTokensParse() {
        StringBuilder sb = new StringBuilder(HEAD).append("property p;\ndevice d { dma_bits 32; requires p");
        sb.append(", p".repeat(300_000)).append("; }\n");
        ParseResult r = parse(sb.toString());
        assertTrue(r.spec().isPresent(), r.findings().toString());
    }
}
