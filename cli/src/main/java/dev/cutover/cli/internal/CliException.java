package dev.cutover.cli.internal;

/**
 * A problem the operator can fix (a missing setting, an unknown table, a bad value): printed as its message
 * alone, without a stack trace, with exit status {@link ExitCode#ERROR}. Messages never hold credentials.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
