package dev.cutover.resilience;

import dev.cutover.DataAccessException;
import dev.cutover.Backend;

/**
 * A time-limited read was refused at once because every thread that runs time-limited calls on the backend was
 * busy and their queue was full: calls are slower than the time limit lets them be. Counts as a backend failure
 * for the circuit breaker and fallback.
 */
public class BackendBusyException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public BackendBusyException(Backend backend, String method, int threads, int queueCapacity, Throwable cause) {
        super(backend, method + " on " + backend + " was refused: all " + threads + " time-limit threads are busy and "
                + queueCapacity + " calls wait; the backend is slower than the time limit allows (raise timeLimitThreads "
                + "or timeLimitQueueCapacity only if it is not)", cause);
    }
}
