package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.censpec.codegen.OutputDirectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The committed generated-driver/SPEC/ directories are exactly what censpec generates now,
 * without the kernel runtime (committed once, in kernel-runtime/, which the generator copies
 * unchanged: KernelModuleGeneratorTest). Fix a failure with:
 * ./censpec generate --tables-only examples/SPEC.cen -o generated-driver/SPEC
 */
class DriftTest {
    static final List<String> SPECS = CommittedOutput.SPECS;

    @ParameterizedTest
    @FieldSource("SPECS")
    void committedOutputMatchesTheGenerator(String spec) throws Exception {
        List<String> diff = new OutputDirectory(CommittedOutput.dir(spec)).differences(CommittedOutput.generate(spec));
        assertEquals(
                List.of(),
                diff,
                "regenerate with ./censpec generate --tables-only examples/" + spec + ".cen -o generated-driver/"
                        + spec);
    }
}
