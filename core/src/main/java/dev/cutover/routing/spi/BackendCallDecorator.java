package dev.cutover.routing.spi;

import dev.cutover.Backend;
import dev.cutover.routing.RepositoryMethod;

/**
 * Wraps every call the router makes to one backend's implementation, whatever the route: the place for
 * resilience (circuit breaker, time limit, safe retries) and per-backend metrics. Decorators registered
 * with {@code Cutover.Builder.decorateBackendCalls} nest in registration order: the first registered is the
 * outermost. Implementations are thread-safe and must rethrow what they do not handle unchanged.
 */
@FunctionalInterface
public interface BackendCallDecorator {
    Object call(Backend backend, RepositoryMethod method, BackendCall call) throws Throwable;
}
