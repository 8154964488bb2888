package dev.cutover.shadow;

import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import java.util.List;

/**
 * Every method on one route that a test can change at any time. Starts on {@code legacy}: until the dual
 * routes are released, building a Cutover refuses a dual route in force, so tests switch after building.
 */
final class SwitchableRoutes implements RouteSource {
    private volatile RouteDecision decision = decision(Route.LEGACY);

    void set(Route route) {
        decision = decision(route);
    }

    private static RouteDecision decision(Route route) {
        return new RouteDecision(route, RouteOrigin.DEFAULT, "test routes");
    }

    @Override
    public List<RouteSwitch> bind(List<RepositoryMethod> methods) {
        RouteSwitch routeSwitch = () -> decision;
        return methods.stream().map(m -> routeSwitch).toList();
    }
}
