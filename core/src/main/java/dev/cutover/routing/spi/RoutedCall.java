package dev.cutover.routing.spi;

import dev.cutover.Backend;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteDecision;

/**
 * One call of a routed method, as a {@link RouteHandler} sees it. Not thread-safe in itself, but
 * {@link #invoke(Backend)} may be called from another thread (a shadow read on an executor) once.
 */
public interface RoutedCall {
    RepositoryMethod method();

    /** The caller's arguments; never {@code null} (empty for a method without parameters). Do not modify. */
    Object[] arguments();

    /** The route in force for this call (pinned by the unit of work, if one is running). */
    RouteDecision decision();

    /** Calls the backend's implementation with the arguments, through the backend-call decorators. */
    Object invoke(Backend backend) throws Throwable;
}
