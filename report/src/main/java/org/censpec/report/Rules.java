package org.censpec.report;

import java.util.List;
import org.censpec.model.Rule;
import org.censpec.model.rules.RuleCatalog;

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
}
