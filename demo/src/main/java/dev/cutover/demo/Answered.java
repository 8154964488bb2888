package dev.cutover.demo;

import dev.cutover.Backend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** Demo only: wraps an implementation so the demo can print which backend answered the last call. */
final class Answered {
    private static final ThreadLocal<String> LAST = ThreadLocal.withInitial(() -> "nobody");

    private Answered() {
    }

    static <R> R by(Backend backend, Class<R> type, R implementation) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            LAST.set(backend.id());
            try {
                return method.invoke(implementation, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(proxy);
    }

    static void reset() {
        LAST.set("nobody");
    }

    static String last() {
        return LAST.get();
    }
}
