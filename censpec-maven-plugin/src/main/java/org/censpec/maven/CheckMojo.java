package org.censpec.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the project's censpec specs ({@code censpec check}) and fails the build on an
 * error finding; writes a SARIF report, a JUnit XML report and one SVG per flow finding.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractCenspecMojo {
    /** Fail the build on warnings too. */
    @Parameter(property = "censpec.warningsAsErrors", defaultValue = "false")
    boolean warningsAsErrors;

    /** The SARIF report (empty: none). */
    @Parameter(property = "censpec.sarifFile", defaultValue = "${project.build.directory}/censpec/censpec.sarif")
    File sarifFile;

    /** The JUnit XML report, named so that the usual TEST-*.xml patterns of Jenkins and GitLab find it. */
    @Parameter(property = "censpec.junitFile", defaultValue = "${project.build.directory}/censpec/TEST-censpec.xml")
    File junitFile;

    /** Where to write one SVG sequence diagram per flow finding (empty: none). */
    @Parameter(property = "censpec.traceSvgDirectory", defaultValue = "${project.build.directory}/censpec/trace-svg")
    File traceSvgDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        List<File> files = specFiles("check");
        if (files.isEmpty()) {
            return;
        }
        List<String> args = command("check");
        if (warningsAsErrors) {
            args.add("--warnings-as-errors");
        }
        if (sarifFile != null) {
            mkdirs(sarifFile.getAbsoluteFile().getParentFile());
            args.add("--report");
            args.add("sarif=" + sarifFile.getPath());
        }
        if (junitFile != null) {
            mkdirs(junitFile.getAbsoluteFile().getParentFile());
            args.add("--report");
            args.add("junit=" + junitFile.getPath());
        }
        if (traceSvgDirectory != null) {
            args.add("--trace-svg");
            args.add(traceSvgDirectory.getPath());
        }
        files.forEach(f -> args.add(f.getPath()));
        CenspecRunner.Result r = CenspecRunner.run(getLog(), args);
        if (r.exit() == 1) {
            throw new MojoFailureException("censpec check failed: " + (warningsAsErrors
                    ? "error or warning findings" : "error findings") + " in " + files.size() + " spec(s)"
                    + (sarifFile != null ? "; SARIF report: " + sarifFile : ""));
        }
        if (r.exit() != 0) {
            throw new MojoExecutionException("censpec check could not run: " + r.err().strip());
        }
    }

    private static void mkdirs(File dir) throws MojoExecutionException {
        try {
            Files.createDirectories(dir.toPath());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
