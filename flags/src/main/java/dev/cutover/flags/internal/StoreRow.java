package dev.cutover.flags.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of {@code cutover.route_flag} as read, before validation: a hand edit may hold anything the
 * table's checks let through.
 *
 * @param percentage {@code null} unless the entry is a rollout
 * @param otherwise  {@code null} unless the entry is a rollout
 */
record StoreRow(String target, String route, Integer percentage, List<String> tenants, String otherwise, String setBy,
        Instant setAt, String reason) {

    StoreRow {
        tenants = Collections.unmodifiableList(new ArrayList<>(tenants)); // a hand edit may hold nulls
    }

    boolean isRollout() {
        return percentage != null || otherwise != null || !tenants.isEmpty();
    }

    /** The value as the audit log shows it: a route id, or a rollout as {@link dev.cutover.flags.Rollout#toString()} writes it. */
    String describeValue() {
        return isRollout() ? RolloutText.describe(route, percentage, tenants, otherwise) : route;
    }
}
