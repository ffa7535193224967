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
import org.censpec.model.Finding;
import org.censpec.model.io.AtomicWrite;
import org.censpec.report.ReportFormat;
import org.censpec.report.ReportSettings;
import org.censpec.report.TraceSvgFiles;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.SpecCheck;

/**
 * Checks the project's censpec specs with censpec's check pipeline (as {@code censpec check}) and fails the build on an
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
        SpecCheck checker = CenspecRunner.checker(engine, timeout, maxStates);
        List<CheckedSpec> results = CenspecRunner.run(
                () -> checker.checkAll(files.stream().map(File::toPath).toList()));
        CenspecRunner.log(getLog(), results);
        ReportSettings settings = new ReportSettings(warningsAsErrors, false);
        write(sarifFile, ReportFormat.sarif.render(results, settings));
        write(junitFile, ReportFormat.junit.render(results, settings));
        if (traceSvgDirectory != null) {
            CenspecRunner.run(() -> {
                TraceSvgFiles.write(traceSvgDirectory.toPath(), results);
                return null;
            });
        }
        boolean errors = results.stream().anyMatch(CheckedSpec::hasErrors);
        boolean warnings = results.stream().flatMap(r -> r.findings().stream()).anyMatch(Finding::warns);
        if (errors || (warningsAsErrors && warnings)) {
            throw new MojoFailureException(
                    "censpec check failed: " + (warningsAsErrors ? "error or warning findings" : "error findings")
                            + " in " + files.size() + " spec(s)"
                            + (sarifFile != null ? "; SARIF report: " + sarifFile : ""));
        }
    }

    /** Writes one report atomically (none when {@code file} is not set). */
    private static void write(File file, String text) throws MojoExecutionException {
        if (file == null) {
            return;
        }
        mkdirs(file.getAbsoluteFile().getParentFile());
        try {
            AtomicWrite.write(file.toPath(), text);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write report " + file + ": " + AtomicWrite.reason(e), e);
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
