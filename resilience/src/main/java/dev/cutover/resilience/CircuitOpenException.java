package dev.cutover.resilience;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * A backend was not called because its circuit breaker is open (or half open with its trial calls taken): it
 * failed too often lately. The cause is Resilience4j's {@code CallNotPermittedException}. Reads routed to
 * PostgreSQL are served by legacy instead when fallback is configured.
 */
public class CircuitOpenException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    private final String circuitBreaker;

    public CircuitOpenException(Backend backend, String method, CircuitBreaker breaker, Throwable cause) {
        super(backend, message(backend, method, breaker), cause);
        this.circuitBreaker = breaker.getName();
    }

    /** The name of the breaker that refused the call, for example {@code cutover-postgres}. */
    public String circuitBreaker() {
        return circuitBreaker;
    }

    private static String message(Backend backend, String method, CircuitBreaker breaker) {
        CircuitBreaker.State state = breaker.getState();
        String why = switch (state) {
            case OPEN -> " after a failure rate of " + breaker.getMetrics().getFailureRate() + "% (threshold "
                    + breaker.getCircuitBreakerConfig().getFailureRateThreshold() + "%); a trial call is let through after "
                    + breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) + " ms";
            case HALF_OPEN -> " and its trial calls are taken; it closes when they succeed";
            case FORCED_OPEN -> " because it was forced open (transitionToForcedOpenState); close it to call " + backend + " again";
            default -> "";
        };
        return "Not calling " + backend + " for " + method + ": circuit breaker '" + breaker.getName() + "' is " + state + why;
    }
}
