package org.censpec.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.censpec.codegen.CodeGenerator;
import org.censpec.codegen.OutputDirectory;
import org.censpec.codegen.emit.GeneratedFiles;
import org.censpec.model.CenspecVersion;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.SpecCheck;

/**
 * Generates the kernel module and Java bindings of each spec ({@code censpec generate})
 * into {@code outputDirectory/<spec name>} and adds its {@code java} directory as a compile
 * source root, the way antlr4-maven-plugin adds generated parsers. With {@code driftCheck},
 * writes nothing and fails when the directory differs from what the spec generates (for
 * generated code committed to the repository).
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractCenspecMojo {
    /** Holds one directory per spec, named after the spec file without .cen. */
    @Parameter(
            property = "censpec.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/censpec")
    File outputDirectory;

    /** Compare instead of writing: fail when the output differs (generated code that is committed). */
    @Parameter(property = "censpec.driftCheck", defaultValue = "false")
    boolean driftCheck;

    /** Add each spec's java directory as a compile source root. */
    @Parameter(defaultValue = "true")
    boolean addCompileSourceRoot;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        List<File> files = specFiles("generate");
        if (files.isEmpty()) {
            return;
        }
        SpecCheck checker = CenspecRunner.checker(engine, timeout, maxStates);
        List<String> seen = new ArrayList<>();
        for (File spec : files) {
            String name = CenspecRunner.stem(spec);
            if (seen.contains(name)) {
                throw new MojoExecutionException(
                        "two specs would generate into " + new File(outputDirectory, name) + "; rename one");
            }
            seen.add(name);
            File out = new File(outputDirectory, name);
            CheckedSpec checked = CenspecRunner.run(() -> checker.check(spec.toPath()));
            CenspecRunner.log(getLog(), List.of(checked));
            if (checked.hasErrors()) {
                throw new MojoFailureException(spec + " has errors; nothing generated");
            }
            GeneratedFiles generated = new CodeGenerator(CenspecVersion.VERSION)
                    .generate(checked.spec().orElseThrow());
            OutputDirectory dir = new OutputDirectory(out.toPath());
            if (driftCheck) {
                List<String> diff = CenspecRunner.run(() -> dir.differences(generated));
                diff.forEach(d -> getLog().error(d));
                if (!diff.isEmpty()) {
                    throw new MojoFailureException(
                            out + " differs from what " + spec + " generates; run censpec generate");
                }
            } else {
                String problem = CenspecRunner.run(() -> dir.problem(spec.toPath()));
                if (problem != null) {
                    throw new MojoExecutionException("censpec generate: " + problem);
                }
                CenspecRunner.run(() -> {
                    dir.write(generated);
                    return null;
                });
                getLog().info("censpec: wrote " + generated.files().size() + " files to " + out);
            }
            File java = new File(out, "java");
            if (addCompileSourceRoot && java.isDirectory()) {
                project.addCompileSourceRoot(java.getPath());
                getLog().info("censpec: added compile source root " + java);
            }
        }
    }
}
