package org.censpec.driver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.censpec.cli.Main;
import org.censpec.codegen.CodeGenerator;
import org.censpec.codegen.GeneratedFiles;
import org.censpec.model.Spec;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;

/** The example specs whose generated output is committed under generated-driver/. */
final class CommittedOutput {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final List<String> SPECS = List.of("rpi4_camera", "imx8mp_evk", "rk3399_isp");

    private CommittedOutput() {
    }

    static Path dir(String spec) {
        return Path.of(spec);
    }

    static Spec spec(String name) throws Exception {
        CheckedSpec c = new SpecCheck(Engine.DIRECT, Duration.ofSeconds(60)).check(EXAMPLES.resolve(name + ".cen"));
        if (c.hasErrors()) {
            throw new IllegalStateException(name + " has errors: " + c.findings());
        }
        return c.spec().orElseThrow();
    }

    static GeneratedFiles generate(String name) throws Exception {
        return new CodeGenerator(Main.VERSION).generate(spec(name));
    }
}
