package org.censpec.cli;

import java.time.Duration;
import org.censpec.model.UserError;

/** Time options ({@code --timeout}, {@code --boot-timeout}): whole seconds from 1 to a day, else one line. */
final class Durations {
    static final long MAX_SECONDS = 86_400;

    private Durations() {}

    static Duration seconds(String option, long value) {
        if (value < 1 || value > MAX_SECONDS) {
            throw new UserError(option + " " + value + ": seconds from 1 to " + MAX_SECONDS);
        }
        return Duration.ofSeconds(value);
    }
}
