package dev.cutover.it.dual;

import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One route for every method, switchable at any time, that remembers on each thread the decision it last gave
 * for each method: what a unit of work begun on that thread pinned. Starts on {@code legacy}; tests switch after
 * building.
 */
final class FlipRoutes implements RouteSource {
    private final AtomicReference<RouteDecision> current = new AtomicReference<>(decision(Route.LEGACY));
    private final ThreadLocal<Map<String, RouteDecision>> seen = ThreadLocal.withInitial(HashMap::new);

    static RouteDecision decision(Route route) {
        return new RouteDecision(route, RouteOrigin.OVERRIDE, "test FlipRoutes(" + route.id() + ")");
    }

    void set(Route route) {
        current.set(decision(route));
    }

    Route route() {
        return current.get().route();
    }

    /** The decision this thread last got for a method ("Repository.method"), or null. */
    RouteDecision seen(String qualifiedMethod) {
        return seen.get().get(qualifiedMethod);
    }

    @Override
    public List<RouteSwitch> bind(List<RepositoryMethod> methods) {
        return methods.stream().map(method -> {
            String name = method.qualifiedName();
            RouteSwitch routeSwitch = () -> {
                RouteDecision decision = current.get();
                seen.get().put(name, decision);
                return decision;
            };
            return routeSwitch;
        }).toList();
    }
}
