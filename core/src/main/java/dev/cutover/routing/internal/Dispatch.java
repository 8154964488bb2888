package dev.cutover.routing.internal;

import dev.cutover.Backend;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteNotSupportedException;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.routing.spi.BackendCallDecorator;
import dev.cutover.routing.spi.RouteHandler;
import dev.cutover.routing.spi.RoutedCall;
import dev.cutover.tx.spi.UnitOfWork;
import java.lang.invoke.MethodHandle;

/**
 * One method's precomputed dispatch: its route switch, a handle per backend (each bound to its
 * implementation and typed {@code (Object[])Object}, so a call is one {@code invokeExact}), and the
 * routing policy. With no handler and no decorator, a call on a single route is a direct invocation.
 */
final class Dispatch {
    private static final Object[] NO_ARGUMENTS = {};

    private final Object router;
    private final int index;
    private final RepositoryMethod method;
    private final RouteSwitch routeSwitch;
    private final MethodHandle legacy;
    private final MethodHandle postgres;
    private final RoutingPolicy policy;

    Dispatch(Object router, int index, RepositoryMethod method, RouteSwitch routeSwitch, MethodHandle legacy,
            MethodHandle postgres, RoutingPolicy policy) {
        this.router = router;
        this.index = index;
        this.method = method;
        this.routeSwitch = routeSwitch;
        this.legacy = legacy;
        this.postgres = postgres;
        this.policy = policy;
    }

    Object invoke(Object[] args) throws Throwable {
        UnitOfWork unit = UnitOfWork.current();
        RouteDecision[] pinned = unit == null ? null : unit.resource(router, RouteDecision[].class);
        RouteDecision decision = pinned == null ? null : pinned[index];
        if (decision == null) {
            decision = routeSwitch.current();
        }
        if (unit == null) {
            return route(decision, args);
        }
        try {
            return route(decision, args);
        } catch (Throwable failure) {
            // Caught by the caller or not, a failed call leaves the unit able only to roll back (PostgreSQL's contract
            // after a failed statement, given to every database): its end then says so instead of committing.
            unit.setRollbackOnly("a repository call in it failed (" + method.qualifiedName() + ": " + failure.getMessage()
                    + ")", failure instanceof dev.cutover.DataAccessException access ? access.backend() : null, failure);
            throw failure;
        }
    }

    private Object route(RouteDecision decision, Object[] args) throws Throwable {
        RouteHandler handler = policy.handler(decision.route(), method.kind());
        if (handler != null) {
            return handler.handle(new Call(decision, args == null ? NO_ARGUMENTS : args));
        }
        if (decision.route().isDual()) {
            throw new RouteNotSupportedException(method, decision);
        }
        return call(decision.route().primary(), args);
    }

    private Object call(Backend backend, Object[] args) throws Throwable {
        BackendCallDecorator decorator = policy.decorator();
        if (decorator == null) {
            return direct(backend, args);
        }
        return decorator.call(backend, method, () -> direct(backend, args));
    }

    private Object direct(Backend backend, Object[] args) throws Throwable {
        return backend == Backend.LEGACY ? (Object) legacy.invokeExact(args) : (Object) postgres.invokeExact(args);
    }

    /** The call as a route handler sees it. */
    private final class Call implements RoutedCall {
        private final RouteDecision decision;
        private final Object[] arguments;

        Call(RouteDecision decision, Object[] arguments) {
            this.decision = decision;
            this.arguments = arguments;
        }

        @Override
        public RepositoryMethod method() {
            return method;
        }

        @Override
        public Object[] arguments() {
            return arguments;
        }

        @Override
        public RouteDecision decision() {
            return decision;
        }

        @Override
        public Object invoke(Backend backend) throws Throwable {
            return call(backend, arguments);
        }
    }
}
