package dev.cutover.routing.internal;

import dev.cutover.Backend;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.spi.BackendCall;
import dev.cutover.routing.spi.BackendCallDecorator;
import dev.cutover.routing.spi.RouteHandler;
import java.util.List;

/**
 * The router's extension points once built: a handler per route and method kind (or none), and the
 * backend-call decorators composed into one. Immutable and thread-safe.
 */
public final class RoutingPolicy {
    private final RouteHandler[][] handlers;
    private final BackendCallDecorator decorator;

    /**
     * @param handlers   by {@code [route.ordinal()][kind.ordinal()]}, entries may be null; copied
     * @param decorators outermost first
     */
    public RoutingPolicy(RouteHandler[][] handlers, List<BackendCallDecorator> decorators) {
        this.handlers = new RouteHandler[Route.values().length][MethodKind.values().length];
        for (int r = 0; r < this.handlers.length; r++) {
            System.arraycopy(handlers[r], 0, this.handlers[r], 0, this.handlers[r].length);
        }
        this.decorator = compose(decorators);
    }

    /** No handlers, no decorators: single routes call their backend directly, dual routes are refused. */
    public static RoutingPolicy direct() {
        return new RoutingPolicy(new RouteHandler[Route.values().length][MethodKind.values().length], List.of());
    }

    /** The handler for calls of {@code kind} on {@code route}, or {@code null}. */
    public RouteHandler handler(Route route, MethodKind kind) {
        return handlers[route.ordinal()][kind.ordinal()];
    }

    /** The composed decorator, or {@code null} when there is none (the fast path). */
    BackendCallDecorator decorator() {
        return decorator;
    }

    private static BackendCallDecorator compose(List<BackendCallDecorator> decorators) {
        BackendCallDecorator composed = null;
        for (int i = decorators.size() - 1; i >= 0; i--) {
            BackendCallDecorator outer = decorators.get(i);
            BackendCallDecorator inner = composed;
            composed = inner == null ? outer
                    : (Backend backend, RepositoryMethod method, BackendCall call) ->
                            outer.call(backend, method, () -> inner.call(backend, method, call));
        }
        return composed;
    }
}
