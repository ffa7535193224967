package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.censpec.codegen.CodeGenerator;
import org.censpec.model.Finding;
import org.censpec.model.parse.SpecFileException;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Coverage-guided fuzzing (Jazzer) of the whole pipeline: the bytes of a spec file go
 * through what {@code censpec check --engine direct} runs (reader, parser, work limits,
 * validator, direct checker) and, when they pass, the generators. For every input: the
 * readable file is checked without any exception (so the command exits 0 or 1, never 2),
 * every finding is located, at most 50 are syntax errors, and the generators do not throw. Without JAZZER_FUZZ it replays the committed corpus
 * ({@code src/test/resources/org/censpec/cli/SpecFuzzTestInputs/fuzz/}: the examples, the
 * broken examples and every input that once failed); the fuzz-short surefire execution fuzzes
 * for maxDuration. docs/fuzzing.md has the long run and its figures.
 */
class SpecFuzzTest {
    private static final AtomicLong EXECUTED = new AtomicLong();
    private static final AtomicLong SLOWEST_MILLIS = new AtomicLong();
    /** The bound: no input may take longer (checked on a shared 2-core machine). */
    private static final long HANG_MILLIS = 10_000;
    /** The grammar's keywords and punctuation, in libFuzzer's dictionary format. */
    private static final String DICTIONARY = "/org/censpec/cli/spec.dict";

    private static Path file;

    /** The suite's short run (fuzz-short): the committed corpus, then 30 s of fuzzing. */
    @FuzzTest(maxDuration = "30s")
    @DictionaryFile(resourcePath = DICTIONARY)
    void fuzz(byte[] input) throws IOException {
        check(input);
    }

    /**
     * The long run (cli/fuzz-long.sh, docs/fuzzing.md): the same target for up to 8 hours,
     * from the corpus the script seeds; only with {@code -Dcenspec.fuzz.long=true}.
     */
    @FuzzTest(maxDuration = "8h")
    @EnabledIfSystemProperty(named = "censpec.fuzz.long", matches = "true")
    @DictionaryFile(resourcePath = DICTIONARY)
    void fuzzLong(byte[] input) throws IOException {
        check(input);
    }

    private static void check(byte[] input) throws IOException {
        EXECUTED.incrementAndGet();
        long start = System.nanoTime();
        if (file == null) {
            file = Files.createTempFile("censpec-fuzz", ".cen");
            file.toFile().deleteOnExit();
        }
        Files.write(file, input);
        CheckedSpec checked;
        try {
            checked = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(file);
        } catch (SpecFileException e) {
            throw new AssertionError("a readable file is refused: " + e.getMessage(), e);
        }
        int syntax = 0;
        for (Finding f : checked.findings()) {
            assertTrue(f.loc().line() >= 1 && f.loc().column() >= 1, "located: " + f);
            if (f.id().equals("spec.syntax")) {
                syntax++;
            }
        }
        assertTrue(syntax <= 50, syntax + " syntax errors");
        if (!checked.hasErrors()) {
            new CodeGenerator(Main.VERSION).generate(checked.spec().orElseThrow());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        SLOWEST_MILLIS.accumulateAndGet(millis, Math::max);
        assertTrue(millis <= HANG_MILLIS, "input took " + millis + " ms (a hang: more than " + HANG_MILLIS + " ms)");
    }

    @AfterAll
    static void report() {
        System.out.println(
                "SpecFuzzTest: " + EXECUTED.get() + " inputs executed, slowest " + SLOWEST_MILLIS.get() + " ms");
    }
}
