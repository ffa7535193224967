package org.censpec.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** The parameters and steps both goals share: which specs, which checker, the time limit, skip. */
abstract class AbstractCenspecMojo extends AbstractMojo {
    /** Where the specs are: every *.cen file below it (ignored when {@code specs} is given). */
    @Parameter(property = "censpec.specDirectory", defaultValue = "${project.basedir}/src/main/censpec")
    File specDirectory;

    /** The spec files, instead of scanning {@code specDirectory}. */
    @Parameter
    List<File> specs;

    /** Semantic checker: alloy or direct. */
    @Parameter(property = "censpec.engine", defaultValue = "alloy")
    String engine;

    /**
     * Seconds the semantic check of one spec may take, both engines together (the command line's
     * {@code --timeout}; default {@link org.censpec.verify.budget.WorkBudget#DEFAULT_SECONDS}).
     */
    @Parameter(property = "censpec.timeout", defaultValue = "" + org.censpec.verify.budget.WorkBudget.DEFAULT_SECONDS)
    long timeout;

    /**
     * States the direct checker may explore across one spec's flows (the command line's
     * {@code --max-states}; default {@link org.censpec.verify.budget.WorkBudget#DEFAULT_STATES}).
     */
    @Parameter(property = "censpec.maxStates", defaultValue = "" + org.censpec.verify.budget.WorkBudget.DEFAULT_STATES)
    long maxStates;

    /** Skip the goal. */
    @Parameter(property = "censpec.skip", defaultValue = "false")
    boolean skip;

    /**
     * The specs to work on, or an empty list (logged) when the goal is skipped or there are
     * none; {@code goal} names the goal in the log.
     */
    List<File> specFiles(String goal) throws MojoExecutionException {
        if (skip) {
            getLog().info("censpec " + goal + " skipped");
            return List.of();
        }
        List<File> files = CenspecRunner.specs(specs, specDirectory);
        if (files.isEmpty()) {
            getLog().info("censpec: no spec (*.cen) in " + specDirectory + "; nothing to " + goal);
        }
        return files;
    }
}
