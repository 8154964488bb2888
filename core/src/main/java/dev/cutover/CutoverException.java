package dev.cutover;

import dev.cutover.jdbc.Redaction;

/**
 * Root of every exception Cutover throws. Unchecked, like jOOQ's {@code DataAccessException}: callers
 * catch the subclass named after the condition they can act on. Its message and every message of its cause chain are
 * shown without secrets ({@link Redaction}), so a driver's exception Cutover chains never carries a password further.
 */
public class CutoverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CutoverException(String message) {
        super(Redaction.text(message));
    }

    public CutoverException(String message, Throwable cause) {
        super(Redaction.text(message), Redaction.chain(cause));
    }
}
