package dev.cutover.flags;

import dev.cutover.routing.MethodRoute;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One change of the flag store, as {@link RouteFlags} made it or, for a dry run, would make it.
 *
 * @param target     what was set: {@code override}, {@code default}, a repository or {@code Repository.method}
 * @param from       the store's value before: {@value RouteFlags#UNSET}, a route id or a rollout
 * @param to         the store's value after, in the same form
 * @param actor      who made the change
 * @param reason     why
 * @param at         when (the clock of the instance that made it), to the microsecond
 * @param dryRun     whether nothing was written
 * @param routesAfter the routes this instance serves after the change (for a dry run: would serve), for
 *                    every method under {@code target}, for a call without a tenant; a route an
 *                    environment variable sets is unaffected by the store
 * @param forced     what {@link RouteChangeCheck} found and the change was {@linkplain RouteFlags#forced() forced} past
 *                   (recorded in its audit row); empty for a change the checks passed
 */
public record RouteChange(String target, String from, String to, String actor, String reason, Instant at, boolean dryRun,
        List<MethodRoute> routesAfter, List<RouteFinding> forced) {

    public RouteChange {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        routesAfter = List.copyOf(routesAfter);
        forced = List.copyOf(forced);
    }
}
