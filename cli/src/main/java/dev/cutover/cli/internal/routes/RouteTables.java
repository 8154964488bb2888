package dev.cutover.cli.internal.routes;

import dev.cutover.Cutover;
import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.internal.CliException;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * The application's routed methods bound to a route source exactly as the application's own
 * {@code Cutover.builder()...build()} binds them (classification, variable and store validation), but over
 * implementations that are never called: the command reads routes, it serves no calls.
 */
public final class RouteTables {

    private RouteTables() {
    }

    /**
     * A Cutover over the application's repositories and {@code source}. Dual routes are accepted for both kinds:
     * whether the application installs dual-write and shadow reads is not known here.
     *
     * @throws dev.cutover.routing.RouteConfigurationException listing every problem, as the application's start would
     * @throws dev.cutover.routing.RepositoryDefinitionException for a repository the router cannot route
     */
    public static Cutover bind(CutoverApplication application, RouteSource source) {
        List<Class<?>> repositories = application.repositories();
        if (repositories == null || repositories.isEmpty()) {
            throw new CliException(application.getClass().getName() + ".repositories() lists no repository interface;"
                    + " list the interfaces the application routes");
        }
        Cutover.Builder builder = Cutover.builder().routes(source);
        for (Class<?> repository : repositories) {
            register(builder, repository);
        }
        for (Route route : Route.values()) {
            if (route.isDual()) {
                for (MethodKind kind : MethodKind.values()) {
                    builder.handle(route, kind, call -> {
                        throw new UnsupportedOperationException("The cutover command serves no calls");
                    });
                }
            }
        }
        return builder.build();
    }

    private static <R> void register(Cutover.Builder builder, Class<R> repository) {
        builder.repository(repository, neverCalled(repository, "legacy"), neverCalled(repository, "postgres"));
    }

    private static <R> R neverCalled(Class<R> repository, String side) {
        if (repository == null || !repository.isInterface()) {
            throw new CliException("The application lists " + (repository == null ? "null" : repository.getName())
                    + " as a repository; a routed repository is an interface");
        }
        InvocationHandler handler = (proxy, method, arguments) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == arguments[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "cutover command's stand-in for the " + side + " " + repository.getSimpleName();
                };
            }
            throw new UnsupportedOperationException("The cutover command serves no calls");
        };
        return repository.cast(Proxy.newProxyInstance(repository.getClassLoader(), new Class<?>[] {repository}, handler));
    }
}
