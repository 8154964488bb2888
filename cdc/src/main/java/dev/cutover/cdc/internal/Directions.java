package dev.cutover.cdc.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each table's writes were seen routed away from legacy as primary, so that a change is judged by the routes in
 * force when legacy committed it, not when the feed delivers it: a change committed before a flip to
 * {@code postgres-dual} and delivered after it is still captured.
 *
 * <p>Routes are observed (before every batch), not told, so each period away from legacy is known from the first to the
 * last observation of it. A change committed inside that span is the application's own mirror of a PostgreSQL-primary
 * write and is not captured; one committed in the gap between the last observation on legacy and the first away from it
 * (or back) is captured: the outbox's ordering rules then let the newer of the two primaries' writes of a row win, so
 * capturing a mirror write costs a comparison, while skipping a legacy write would lose it. Not thread-safe: the sink guards it.
 */
final class Directions {
    /** A period a table was seen routed away from legacy: from its first observation to its last ({@code to}). */
    private static final class Away {
        final Instant from;
        Instant lastSeen;
        /** When it ended, as last seen; null while it lasts. */
        Instant to;

        Away(Instant from) {
            this.from = from;
            this.lastSeen = from;
        }

        boolean holds(Instant committedAt) {
            return !committedAt.isBefore(from) && (to == null || !committedAt.isAfter(to));
        }
    }

    private final Map<String, List<Away>> away = new HashMap<>();

    /** Records what the routes say at {@code now}. */
    void observe(String table, boolean legacyPrimary, Instant now) {
        List<Away> periods = away.computeIfAbsent(table, t -> new ArrayList<>());
        Away last = periods.isEmpty() ? null : periods.get(periods.size() - 1);
        boolean lasting = last != null && last.to == null;
        if (legacyPrimary) {
            if (lasting) {
                last.to = last.lastSeen;
            }
        } else if (lasting) {
            last.lastSeen = now;
        } else {
            periods.add(new Away(now));
        }
    }

    /** Whether a change of {@code table} committed at {@code committedAt} is legacy's own write, to be captured. */
    boolean captures(String table, Instant committedAt) {
        for (Away period : away.getOrDefault(table, List.of())) {
            if (period.holds(committedAt)) {
                return false;
            }
        }
        return true;
    }
}
