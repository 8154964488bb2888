package dev.cutover.routing;

/**
 * One row of the route table: a method, its kind and the route in force with its origin.
 * {@link dev.cutover.Cutover#routes()} returns these; the CLI prints them.
 */
public record MethodRoute(RepositoryMethod method, RouteDecision decision) {

    @Override
    public String toString() {
        return method.qualifiedName() + " (" + method.kind().name().toLowerCase(java.util.Locale.ROOT) + ") -> "
                + decision.route().id() + " [" + decision.origin().name().toLowerCase(java.util.Locale.ROOT)
                + ": " + decision.source() + "]";
    }
}
