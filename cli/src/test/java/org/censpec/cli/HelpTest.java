package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code censpec --help} lists every command with its whole description, never cut mid-sentence. */
class HelpTest {
    private static String words(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    @Test
    void topLevelHelpShowsEveryCommandsWholeDescription() {
        Run r = Run.of("--help");
        assertEquals(0, r.exit(), r.err());
        String help = words(r.out());
        CommandLine cli = new CommandLine(new Main());
        assertTrue(
                cli.getSubcommands().size() >= 8, cli.getSubcommands().keySet().toString());
        for (var e : cli.getSubcommands().entrySet()) {
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            assertEquals(
                    1,
                    description.length,
                    e.getKey() + ": one description string, or --help shows only its first line");
            String whole = words(description[0]);
            assertTrue(whole.endsWith("."), e.getKey() + ": a full sentence: " + whole);
            assertTrue(help.contains(e.getKey() + " " + whole), e.getKey() + " described in full in\n" + r.out());
        }
        for (String line : r.out().lines().toList()) {
            assertTrue(line.length() <= 80, "within the usage width: " + line);
            assertFalse(line.contains("\u001b"), "no escape codes: " + line);
        }
    }
}
