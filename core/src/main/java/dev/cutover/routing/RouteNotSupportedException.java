package dev.cutover.routing;

import dev.cutover.CutoverException;

/** A call met a route this release cannot serve. Never silently served by another route. */
public class RouteNotSupportedException extends CutoverException {
    private static final long serialVersionUID = 1L;

    public RouteNotSupportedException(RepositoryMethod method, RouteDecision decision) {
        super(message(method, decision));
    }

    static String message(RepositoryMethod method, RouteDecision decision) {
        return "Route '" + decision.route().id() + "' for " + method.qualifiedName() + " (set by " + decision.source()
                + ") is not yet supported: dual-write and shadow reads arrive in a later release. Supported now: "
                + Route.LEGACY.id() + ", " + Route.POSTGRES.id() + ".";
    }
}
