package dev.cutover.routing.spi;

/**
 * What a route does with a call of one kind: dual-write for writes on a dual route, shadow reads for
 * reads on a dual route, fallback for reads on the {@code postgres} route. Registered with
 * {@code Cutover.Builder.handle(route, kind, handler)}; without one, single routes call their backend and
 * dual routes are refused. Implementations are thread-safe; what the handler returns or throws is what
 * the caller gets.
 */
@FunctionalInterface
public interface RouteHandler {
    Object handle(RoutedCall call) throws Throwable;
}
