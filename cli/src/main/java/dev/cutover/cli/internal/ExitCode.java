package dev.cutover.cli.internal;

/** The exit statuses of every {@code cutover} command, the same as {@code VerifyReport.exitCode()}'s. */
public final class ExitCode {
    /** Done, and nothing was found wrong. */
    public static final int OK = 0;
    /** Done, and something was found: differences, schema problems, invalid flags, quarantined rows. */
    public static final int FINDINGS = 1;
    /** Could not be done: bad usage or settings, a database unreachable, a failure. */
    public static final int ERROR = 2;

    private ExitCode() {
    }
}
