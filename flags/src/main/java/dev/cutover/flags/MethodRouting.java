package dev.cutover.flags;

import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one method is routed, for {@link RouteChangeCheck}: one route for every call, or a {@link Rollout} that sends
 * some tenants one way and the other calls another.
 *
 * @param method  the method
 * @param route   the route of every call, or {@code null} under a rollout
 * @param rollout the rollout, or {@code null} when {@code route} decides every call
 */
public record MethodRouting(RepositoryMethod method, Route route, Rollout rollout) {

    /** @throws IllegalArgumentException unless exactly one of {@code route} and {@code rollout} is given */
    public MethodRouting {
        Objects.requireNonNull(method, "method");
        if ((route == null) == (rollout == null)) {
            throw new IllegalArgumentException("A method is routed by a route or by a rollout, not " + (route == null
                    ? "neither" : "both") + "; got route " + route + " and rollout " + rollout + " for " + method);
        }
    }

    /** Every call of {@code method} on {@code route}. */
    public static MethodRouting fixed(RepositoryMethod method, Route route) {
        return new MethodRouting(method, Objects.requireNonNull(route, "route"), null);
    }

    /** The calls of {@code method} as {@code rollout} decides them. */
    public static MethodRouting rollout(RepositoryMethod method, Rollout rollout) {
        return new MethodRouting(method, null, Objects.requireNonNull(rollout, "rollout"));
    }

    /** Each row of a route table (its route for a call without a tenant) as a fixed routing. */
    public static List<MethodRouting> of(List<MethodRoute> routes) {
        return routes.stream().map(route -> fixed(route.method(), route.decision().route())).toList();
    }

    /** Every route a call of the method can take: one, or a rollout's two (one, at 100%). Unmodifiable. */
    public Set<Route> routes() {
        if (rollout == null) {
            return Collections.unmodifiableSet(EnumSet.of(route));
        }
        return Collections.unmodifiableSet(rollout.percentage() == 100 ? EnumSet.of(rollout.route())
                : EnumSet.of(rollout.route(), rollout.otherwise()));
    }

    /** The route of a call without a tenant: the rollout's {@code otherwise}, unless it covers 100%. */
    public Route routeWithoutTenant() {
        if (rollout == null) {
            return route;
        }
        return rollout.percentage() == 100 ? rollout.route() : rollout.otherwise();
    }
}
