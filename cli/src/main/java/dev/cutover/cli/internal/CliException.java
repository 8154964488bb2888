package dev.cutover.cli.internal;

import dev.cutover.jdbc.Redaction;
import java.util.Objects;

/**
 * A problem the operator can fix (a missing setting, an unknown table, a bad value): printed as its message
 * alone, without a stack trace, with exit status {@link ExitCode#ERROR}; with {@code --json}, as the object
 * {@code {error, message, hint, exitCode}}. Messages never hold credentials: they are redacted here too.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The error id of a problem no more specific id names. */
    public static final String INVALID_INPUT = "invalid-input";

    private final String error;
    private final String hint;

    public CliException(String message) {
        this(INVALID_INPUT, message, null, null);
    }

    public CliException(String message, Throwable cause) {
        this(INVALID_INPUT, message, null, cause);
    }

    /**
     * @param error a stable id for scripts, lower case with hyphens: {@code missing-setting}, {@code route-change-refused}
     * @param hint  what the operator can do, or {@code null} when the message says it
     */
    public CliException(String error, String message, String hint, Throwable cause) {
        super(Redaction.text(message), Redaction.chain(cause));
        this.error = Objects.requireNonNull(error, "error");
        this.hint = Redaction.text(hint);
    }

    /** A stable id of the kind of problem, for scripts. */
    public String error() {
        return error;
    }

    /** What to do, or {@code null} when the message says it. */
    public String hint() {
        return hint;
    }
}
