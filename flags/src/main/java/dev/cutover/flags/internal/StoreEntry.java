package dev.cutover.flags.internal;

import dev.cutover.flags.Rollout;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteOrigin;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A valid store entry: the route of its target, or a rollout of its method.
 *
 * @param rollout {@code null} unless the entry is a rollout; then {@code route} is the rollout's route
 */
record StoreEntry(TargetCatalog.Target target, Route route, Rollout rollout, String setBy, Instant setAt, String reason) {

    /**
     * Validates a row for its (known) target.
     *
     * @param subject  how messages name the entry: its target, or {@code Flag store entry <target>}
     * @param problems where every problem found is added, one sentence each
     * @return the entry, or {@code null} if a problem was found
     */
    static StoreEntry validate(StoreRow row, TargetCatalog.Target target, String subject, List<String> problems) {
        int before = problems.size();
        Route route = route(subject, row.route(), problems);
        if (!row.isRollout()) {
            return problems.size() == before ? new StoreEntry(target, route, null, row.setBy(), row.setAt(), row.reason()) : null;
        }
        if (target.level() != RouteOrigin.METHOD) {
            problems.add(subject + " cannot be rolled out: rollouts are per method (Repository.method)");
            return null;
        }
        Route otherwise = route(subject + " otherwise", row.otherwise(), problems);
        Integer percentage = row.percentage();
        if (percentage == null) {
            problems.add(subject + " is a rollout without a percentage");
        } else if (percentage < 0 || percentage > 100) {
            problems.add(subject + " rolls out to " + percentage + "% of tenants; a percentage is 0 to 100");
        } else if (percentage == 0 && row.tenants().isEmpty()) {
            problems.add(subject + " rolls out to no tenant (0% and none listed); list tenants, raise the percentage,"
                    + " or set the route instead");
        }
        if (route != null && route == otherwise) {
            problems.add(subject + " rolls out to " + route.id() + " with " + route.id()
                    + " otherwise; a rollout needs two different routes");
        }
        for (String tenant : row.tenants()) {
            if (tenant == null || tenant.isBlank() || tenant.indexOf(',') >= 0) {
                problems.add(subject + " lists the tenant " + (tenant == null ? "null" : "'" + tenant + "'")
                        + "; a tenant id is not blank and has no comma");
            }
        }
        if (problems.size() != before) {
            return null;
        }
        return new StoreEntry(target, route, new Rollout(route, percentage, new TreeSet<>(row.tenants()), otherwise),
                row.setBy(), row.setAt(), row.reason());
    }

    /** The route a value names, else {@code null} after recording why not. */
    private static Route route(String subject, String value, List<String> problems) {
        String normalized = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (Route route : Route.values()) {
            if (route.id().equals(normalized)) {
                return route;
            }
        }
        problems.add(subject + "='" + value + "' is not a route; allowed: " + Route.ALLOWED);
        return null;
    }

    /** The row that stores this entry. */
    StoreRow toRow() {
        return rollout == null
                ? new StoreRow(target.name(), route.id(), null, List.of(), null, setBy, setAt, reason)
                : new StoreRow(target.name(), route.id(), rollout.percentage(), List.copyOf(rollout.tenants()),
                        rollout.otherwise().id(), setBy, setAt, reason);
    }

    /** The value as the audit log shows it. */
    String describeValue() {
        return rollout == null ? route.id() : rollout.toString();
    }

    /** {@code set by alice at 2026-11-21T06:40:00Z}. */
    String provenance() {
        return "set by " + setBy + " at " + DateTimeFormatter.ISO_INSTANT.format(setAt.truncatedTo(ChronoUnit.SECONDS));
    }
}
