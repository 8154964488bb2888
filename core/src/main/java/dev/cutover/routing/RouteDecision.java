package dev.cutover.routing;

import java.util.Objects;

/**
 * A route and where it came from.
 *
 * @param route  the route in force
 * @param origin which rule decided it
 * @param source what set it, for people: an environment variable's name, {@code built-in default}, ...
 */
public record RouteDecision(Route route, RouteOrigin origin, String source) {
    public RouteDecision {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(source, "source");
    }
}
