package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The committed Java bindings compile with no warning under -Xlint:all -Werror for Java 17. */
class JavaBindingsCompileTest {
    static final List<String> SPECS = CommittedOutput.SPECS;

    @TempDir
    Path classes;

    @ParameterizedTest
    @FieldSource("SPECS")
    void bindingsCompileWithoutWarnings(String spec) throws Exception {
        List<File> sources = new ArrayList<>();
        try (Stream<Path> s = Files.walk(CommittedOutput.dir(spec).resolve("java"))) {
            s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> sources.add(p.toFile()));
        }
        assertEquals(
                4,
                sources.size(),
                "the generated tables of " + spec + " (the client is bindings-runtime/): " + sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        String jna = Path.of(Native.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                + File.pathSeparator
                + CommittedOutput.bindingsRuntime();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, null)) {
            boolean ok = javac.getTask(
                            null,
                            fm,
                            diags,
                            List.of("--release", "17", "-Xlint:all", "-Werror", "-cp", jna, "-d", classes.toString()),
                            null,
                            fm.getJavaFileObjectsFromFiles(sources))
                    .call();
            List<String> problems = diags.getDiagnostics().stream()
                    .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                    .map(Object::toString)
                    .toList();
            assertEquals(List.of(), problems);
            assertTrue(ok);
        }
    }
}
