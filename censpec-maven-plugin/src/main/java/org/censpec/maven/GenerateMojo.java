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
    @Parameter(property = "censpec.outputDirectory",
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
        List<String> seen = new ArrayList<>();
        for (File spec : files) {
            String name = CenspecRunner.stem(spec);
            if (seen.contains(name)) {
                throw new MojoExecutionException("two specs would generate into " + new File(outputDirectory, name)
                        + "; rename one");
            }
            seen.add(name);
            File out = new File(outputDirectory, name);
            List<String> args = command("generate");
            if (driftCheck) {
                args.add("--check");
            }
            args.addAll(List.of("-o", out.getPath(), spec.getPath()));
            CenspecRunner.Result r = CenspecRunner.run(getLog(), args);
            if (r.exit() == 1) {
                throw new MojoFailureException(driftCheck ? out + " differs from what " + spec
                        + " generates; run censpec generate" : spec + " has errors; nothing generated");
            }
            if (r.exit() != 0) {
                throw new MojoExecutionException("censpec generate could not run: " + r.err().strip());
            }
            File java = new File(out, "java");
            if (addCompileSourceRoot && java.isDirectory()) {
                project.addCompileSourceRoot(java.getPath());
                getLog().info("censpec: added compile source root " + java);
            }
        }
    }
}
