package dev.cutover.resilience;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import java.time.Duration;

/**
 * A read did not answer within its time limit, so the caller stopped waiting. The statement may still be
 * running on the server: a blocking JDBC call cannot be abandoned safely, only waited for elsewhere. Bound it
 * on the server as well, with {@code statement_timeout}.
 */
public class BackendTimeoutException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    private final transient Duration limit;

    public BackendTimeoutException(Backend backend, String method, Duration limit, Throwable cause) {
        super(backend, method + " on " + backend + " did not answer within " + limit.toMillis() + " ms; the caller stopped "
                + "waiting, the statement may still run: bound it on the server with statement_timeout", cause);
        this.limit = limit;
    }

    /** The time limit that passed. */
    public Duration limit() {
        return limit;
    }
}
