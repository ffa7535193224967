package org.censpec.report;

import java.util.List;
import org.censpec.model.CenspecVersion;
import org.censpec.model.parse.Printable;
import org.censpec.verify.CheckedSpec;

/**
 * The report formats of {@code check} and {@code replay}, as {@code --format} and {@code --report}
 * name them (the constants are spelled as users type them). Adding a format is a renderer and
 * one constant here; every command that reports offers it.
 */
public enum ReportFormat {
    /** {@code FILE:LINE:COL: error[ID]: message}, interleavings below, a summary line. */
    text((results, settings) -> TextFormat.render(results, settings.hideSuppressedTraces())),
    /** The machine contract (README, "JSON output"). */
    json((results, settings) -> JsonFormat.render(results)),
    /** SARIF 2.1.0 for code scanning. */
    sarif((results, settings) -> SarifReport.render(results, CenspecVersion.VERSION)),
    /** JUnit XML: a suite per file, a case per device, share, allocator and flow. */
    junit((results, settings) -> JunitReport.render(results, settings.warningsAsErrors()));

    /** Renders one run's results. */
    @FunctionalInterface
    interface Renderer {
        String render(List<CheckedSpec> results, ReportSettings settings);
    }

    private final Renderer renderer;

    ReportFormat(Renderer renderer) {
        this.renderer = renderer;
    }

    /**
     * The report of {@code results} in this format, terminal-safe ({@link Printable#terminal}: a
     * control or bidi character of a file, node or task name is written escaped; in JSON and SARIF
     * that escape is the same character).
     */
    public String render(List<CheckedSpec> results, ReportSettings settings) {
        return Printable.terminal(renderer.render(results, settings));
    }
}
