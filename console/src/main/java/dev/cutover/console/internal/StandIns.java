package dev.cutover.console.internal;

import dev.cutover.Cutover;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * The application's repositories bound to a route source as the application's own {@code Cutover} binds them, over
 * implementations that are never called: the console reads routes, it serves no calls.
 */
final class StandIns {

    private StandIns() {
    }

    static Cutover bind(List<Class<?>> repositories, RouteSource source) {
        Cutover.Builder builder = Cutover.builder().routes(source);
        for (Class<?> repository : repositories) {
            register(builder, repository);
        }
        for (Route route : Route.values()) {
            if (route.isDual()) { // whether the application installs dual-write is not known here
                for (MethodKind kind : MethodKind.values()) {
                    builder.handle(route, kind, call -> {
                        throw new UnsupportedOperationException("The ops console serves no calls");
                    });
                }
            }
        }
        return builder.build();
    }

    private static <R> void register(Cutover.Builder builder, Class<R> repository) {
        builder.repository(repository, neverCalled(repository), neverCalled(repository));
    }

    private static <R> R neverCalled(Class<R> repository) {
        if (!repository.isInterface()) {
            throw new IllegalArgumentException("The console was given " + repository.getName() + " as a repository; a"
                    + " routed repository is an interface");
        }
        InvocationHandler handler = (proxy, method, arguments) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == arguments[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "ops console's stand-in for " + repository.getSimpleName();
                };
            }
            throw new UnsupportedOperationException("The ops console serves no calls");
        };
        return repository.cast(Proxy.newProxyInstance(repository.getClassLoader(), new Class<?>[] {repository}, handler));
    }
}
