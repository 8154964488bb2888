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
    /** Per table, the periods away from legacy: {@code [from, to]}, {@code to == null} while it lasts. */
    private final Map<String, List<Instant[]>> away = new HashMap<>();

    /** Records what the routes say at {@code now}. */
    void observe(String table, boolean legacyPrimary, Instant now) {
        List<Instant[]> periods = away.computeIfAbsent(table, t -> new ArrayList<>());
        Instant[] last = periods.isEmpty() ? null : periods.get(periods.size() - 1);
        boolean open = last != null && last[1] == null;
        if (legacyPrimary) {
            if (open) {
                last[1] = last[2]; // closes at its last observation
            }
        } else if (open) {
            last[2] = now;
        } else {
            periods.add(new Instant[] {now, null, now});
        }
    }

    /** Whether a change of {@code table} committed at {@code committedAt} is legacy's own write, to be captured. */
    boolean captures(String table, Instant committedAt) {
        for (Instant[] period : away.getOrDefault(table, List.of())) {
            Instant from = period[0];
            Instant to = period[1];
            if (!committedAt.isBefore(from) && (to == null || !committedAt.isAfter(to))) {
                return false;
            }
        }
        return true;
    }
}
