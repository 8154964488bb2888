package dev.cutover.status;

import dev.cutover.Backend;
import java.util.Objects;

/**
 * One circuit breaker as its instance sees it now.
 *
 * @param backend           the backend whose calls it guards
 * @param name              its name, for example {@code cutover-postgres}
 * @param state             {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, {@code FORCED_OPEN}, {@code DISABLED}, ...
 * @param failureRate       the failure rate of the calls in its window, in percent, or -1 until enough calls were made
 * @param bufferedCalls     the calls in its window
 * @param failedCalls       the failed calls in its window
 * @param notPermittedCalls the calls it refused since it last closed
 * @param fallbacks         reads on this backend served by the other one since start (PostgreSQL reads served by legacy)
 */
public record BreakerStatus(Backend backend, String name, String state, float failureRate, int bufferedCalls, int failedCalls,
        long notPermittedCalls, long fallbacks) {

    public BreakerStatus {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }

    /** Whether calls pass: not open, forced open or isolated. */
    public boolean permitsCalls() {
        return !(state.equals("OPEN") || state.equals("FORCED_OPEN"));
    }
}
