package org.censpec.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles generated bindings with javac -Xlint:all -Werror against the test classpath (the runtime). */
final class BindingsJavac {
    private BindingsJavac() {}

    /** Writes {@code sources} under {@code root} and compiles them into {@code root/classes}, which it returns. */
    static Path compile(Path root, Map<String, String> sources) throws IOException {
        Path classes = root.resolve("classes");
        List<String> args = new ArrayList<>(List.of(
                "-d",
                classes.toString(),
                "-Xlint:all",
                "-Werror",
                "-proc:none",
                "-classpath",
                System.getProperty("java.class.path")));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
            args.add(p.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = javac.run(null, log, log, args.toArray(String[]::new));
        assertEquals(0, rc, log + "\n" + sources);
        return classes;
    }
}
