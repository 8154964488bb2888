package dev.cutover.routing;

import java.util.List;
import java.util.Objects;

/**
 * Where routes come from: the flags module's Togglz source in applications, {@link #fixed} in tests
 * and simple setups. Implementations are thread-safe.
 */
@FunctionalInterface
public interface RouteSource {

    /**
     * Validates the configuration against every routed method and binds one switch per method.
     * Called once, when Cutover is built.
     *
     * @param methods every routed method of every repository
     * @return one switch per method, in the same order
     * @throws RouteConfigurationException listing every problem found, not just the first
     */
    List<RouteSwitch> bind(List<RepositoryMethod> methods);

    /** Every method on one route, for tests and single-backend setups. */
    static RouteSource fixed(Route route) {
        Objects.requireNonNull(route, "route");
        RouteDecision decision = new RouteDecision(route, RouteOrigin.DEFAULT, "RouteSource.fixed(" + route.id() + ")");
        RouteSwitch routeSwitch = () -> decision;
        return methods -> methods.stream().map(m -> routeSwitch).toList();
    }
}
