package dev.cutover.routing;

import dev.cutover.CutoverException;

/**
 * A call met a dual route whose handler for the method's kind is not installed (a live flag flipped it there):
 * refused, never silently served by another route. At startup the same case fails the build.
 */
public class RouteNotSupportedException extends CutoverException {
    private static final long serialVersionUID = 1L;

    public RouteNotSupportedException(RepositoryMethod method, RouteDecision decision) {
        super(message(method, decision));
    }

    static String message(RepositoryMethod method, RouteDecision decision) {
        return "Route '" + decision.route().id() + "' for " + method.qualifiedName() + " (set by " + decision.source()
                + ") has no handler for " + kindPlural(method) + ": " + remedy(method);
    }

    static String kindPlural(RepositoryMethod method) {
        return method.kind() == MethodKind.READ ? "reads" : "writes";
    }

    /** What to install so that a dual route serves a method of this kind. */
    public static String remedy(RepositoryMethod method) {
        return method.kind() == MethodKind.READ
                ? "install shadow reads (ShadowReads, docs/shadow-reads-and-resilience.md)"
                : "install dual-write (DualWrites, docs/dual-write.md)";
    }
}
