package org.censpec.prove;

import java.util.function.Function;

/** The formats of the prove report, as {@code --format} and {@code --report} name them. */
public enum ProveFormat {
    /** For a driver author: per boot what was proven, each failure with model, kernel and likely cause. */
    text(ProveText::render),
    /** For machines (README, "censpec prove"). */
    json(ProveJson::render),
    /** JUnit XML for CI: a suite per boot, a case per check, skipped cases for what was not proven. */
    junit(ProveJunit::render);

    private final Function<ProveReport, String> renderer;

    ProveFormat(Function<ProveReport, String> renderer) {
        this.renderer = renderer;
    }

    public String render(ProveReport report) {
        return renderer.apply(report);
    }
}
