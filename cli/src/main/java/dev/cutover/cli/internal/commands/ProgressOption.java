package dev.cutover.cli.internal.commands;

import dev.cutover.cli.internal.ProgressDisplay;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --progress} option of the long-running commands. */
final class ProgressOption {
    /** How often a line is printed when stderr is not a terminal. */
    private static final Duration LINE_INTERVAL = Duration.ofSeconds(10);

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "Progress on stderr: auto (a bar on a terminal, else a line every 10 s), bar, lines, none.")
    ProgressDisplay.Mode mode;

    /** @param unit what is counted, plural: {@code rows}, {@code entries} */
    ProgressDisplay display(PrintWriter err, String unit) {
        return ProgressDisplay.create(err, mode, LINE_INTERVAL, unit);
    }
}
