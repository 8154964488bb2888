package dev.cutover.routing;

/**
 * The current route of one method. Called on every routed call that is not inside a unit of work,
 * so implementations return a precomputed decision (a field read), never evaluate configuration.
 */
@FunctionalInterface
public interface RouteSwitch {
    RouteDecision current();
}
