package dev.cutover.routing.internal;

import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteNotSupportedException;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.tx.internal.UnitOfWorkContext;
import java.lang.invoke.MethodHandle;

/**
 * One method's precomputed dispatch: its route switch and a handle per backend, each bound to its
 * implementation and typed {@code (Object[])Object} so the call is one {@code invokeExact}.
 */
final class Dispatch {
    private final Object router;
    private final int index;
    private final RepositoryMethod method;
    private final RouteSwitch routeSwitch;
    private final MethodHandle legacy;
    private final MethodHandle postgres;

    Dispatch(Object router, int index, RepositoryMethod method, RouteSwitch routeSwitch, MethodHandle legacy,
            MethodHandle postgres) {
        this.router = router;
        this.index = index;
        this.method = method;
        this.routeSwitch = routeSwitch;
        this.legacy = legacy;
        this.postgres = postgres;
    }

    Object invoke(Object[] args) throws Throwable {
        UnitOfWorkContext unit = UnitOfWorkContext.current();
        RouteDecision decision = unit == null ? null : unit.pinnedRoute(router, index);
        if (decision == null) {
            decision = routeSwitch.current();
        }
        switch (decision.route()) {
            case LEGACY:
                return (Object) legacy.invokeExact(args);
            case POSTGRES:
                return (Object) postgres.invokeExact(args);
            default:
                throw new RouteNotSupportedException(method, decision);
        }
    }
}
