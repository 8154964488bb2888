package dev.cutover.routing.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * The proxy's handler: one hash lookup of the called method in a table built once, then the dispatch.
 * {@code equals}, {@code hashCode} and {@code toString} answer for the proxy itself.
 */
final class RoutingInvocationHandler implements InvocationHandler {
    private static final Method EQUALS;
    private static final Method HASH_CODE;
    private static final Method TO_STRING;

    static {
        try {
            EQUALS = Object.class.getMethod("equals", Object.class);
            HASH_CODE = Object.class.getMethod("hashCode");
            TO_STRING = Object.class.getMethod("toString");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Map<Method, Dispatch> table;
    private final String description;

    RoutingInvocationHandler(Map<Method, Dispatch> table, String description) {
        this.table = table;
        this.description = description;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Dispatch dispatch = table.get(method);
        if (dispatch != null) {
            return dispatch.invoke(args);
        }
        if (method.equals(EQUALS)) {
            return proxy == args[0];
        }
        if (method.equals(HASH_CODE)) {
            return System.identityHashCode(proxy);
        }
        if (method.equals(TO_STRING)) {
            return description;
        }
        throw new IllegalStateException("No route for " + method + ": it was not an interface method at build time");
    }
}
