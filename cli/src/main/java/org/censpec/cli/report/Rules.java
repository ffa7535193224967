package org.censpec.cli.report;

import java.util.List;
import org.censpec.model.Rule;
import org.censpec.model.Severity;
import org.censpec.verify.RuleCatalog;

/**
 * The catalog of finding ids as the reports use it (README.md, "Finding ids"; SARIF's
 * {@code tool.driver.rules}): {@link RuleCatalog}, whose rules are declared beside the code
 * that emits them.
 */
public final class Rules {
    private Rules() {
    }

    /** Every known rule, in catalog order. */
    public static List<Rule> all() {
        return RuleCatalog.all();
    }

    /** The rule of an id; an id missing from the catalog gets a generic rule, never an exception. */
    public static Rule of(String id, Severity severity) {
        return RuleCatalog.of(id, severity);
    }
}
