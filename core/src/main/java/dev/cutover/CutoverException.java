package dev.cutover;

/**
 * Root of every exception Cutover throws. Unchecked, like jOOQ's {@code DataAccessException}: callers
 * catch the subclass named after the condition they can act on.
 */
public class CutoverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CutoverException(String message) {
        super(message);
    }

    public CutoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
