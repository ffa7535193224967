package org.censpec.cli;

import org.censpec.model.UserError;
import org.censpec.verify.budget.WorkBudget;
import picocli.CommandLine.Option;

/**
 * The work budget of a check (a picocli mixin of every command that checks a spec: check and its
 * --watch, generate, prove, lsp): {@code --timeout} and {@code --max-states}, defaults and ranges
 * from {@link WorkBudget}. A value out of range is one line and exit 2.
 */
final class BudgetOptions {
    @Option(
            names = WorkBudget.TIME_OPTION,
            paramLabel = "SECS",
            defaultValue = "" + WorkBudget.DEFAULT_SECONDS,
            description = "Seconds the semantic check of one spec may take, both engines together "
                    + "(default ${DEFAULT-VALUE}); flows not checked by then are verify.budget errors.")
    long seconds = WorkBudget.DEFAULT_SECONDS;

    @Option(
            names = WorkBudget.STATES_OPTION,
            paramLabel = "N",
            defaultValue = "" + WorkBudget.DEFAULT_STATES,
            description = "States the direct checker may explore across one spec's flows "
                    + "(default ${DEFAULT-VALUE}); flows not checked within them are verify.budget errors.")
    long states = WorkBudget.DEFAULT_STATES;

    /** The budget these options give. */
    WorkBudget budget() {
        try {
            return WorkBudget.of(states, seconds);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
