package dev.cutover.cdc;

import dev.cutover.routing.MethodKind;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.Route;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the application's writes of each table go now: capture applies a table's changes only while every route its
 * write methods can take has legacy as primary ({@code legacy}, {@code legacy-dual}). Asked before every batch, so
 * implementations answer from what they already hold (a live flag store, the application's route table).
 *
 * <p>The command line answers from the flag store and {@code CutoverApplication.writers}; an application that runs
 * capture in its own process answers with {@link #of} over {@code Cutover.routes()}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface TableRoutes {

    /**
     * Every route a write of {@code table} can take now (several while a rollout is under way); empty if no routed
     * write method writes it, which capture reads as legacy being the only writer.
     *
     * @param table the mapping's table (target names)
     */
    Set<Route> writeRoutes(String table);

    /** Whether capture applies to {@code table} now: every route its writes can take has legacy as primary. */
    default boolean captures(String table) {
        return writeRoutes(table).stream().allMatch(route -> route.primary() == dev.cutover.Backend.LEGACY);
    }

    /** Every table on one route: for tests, and for a legacy database the application does not route yet. */
    static TableRoutes fixed(Route route) {
        Objects.requireNonNull(route, "route");
        Set<Route> routes = Set.of(route);
        return table -> routes;
    }

    /**
     * The routes of the write methods of the repositories that write each table, from a route table read on each call:
     * {@code TableRoutes.of(cutover::routes, table -> List.of(ClientRepository.class))}.
     *
     * @param routes  the route table now, usually {@code cutover::routes}
     * @param writers the repository interfaces whose write methods write a table (as {@code CutoverApplication.writers})
     */
    static TableRoutes of(Supplier<List<MethodRoute>> routes, Function<String, List<Class<?>>> writers) {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(writers, "writers");
        return table -> {
            List<Class<?>> types = writers.apply(table);
            Set<Route> found = EnumSet.noneOf(Route.class);
            for (MethodRoute route : routes.get()) {
                if (route.method().kind() == MethodKind.WRITE && types != null && types.contains(route.method().type())) {
                    found.add(route.decision().route());
                }
            }
            return found;
        };
    }
}
