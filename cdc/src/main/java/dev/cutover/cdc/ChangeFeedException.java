package dev.cutover.cdc;

import dev.cutover.CutoverException;

/**
 * A change feed cannot start or had to stop: a start-up check failed, the legacy database refused, the sink threw, or
 * the stored position is no longer in the legacy database's log. The message names the fix; messages and causes never
 * carry credentials.
 */
public class ChangeFeedException extends CutoverException {
    private static final long serialVersionUID = 1L;

    public ChangeFeedException(String message) {
        super(message);
    }

    public ChangeFeedException(String message, Throwable cause) {
        super(message, cause);
    }
}
