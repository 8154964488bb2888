package dev.cutover.flags;

import java.util.Objects;

/**
 * One way a set of routes, or a change of routes, can lose a write or serve a stale read, found by
 * {@link RouteChangeCheck}.
 *
 * @param rule      which rule found it
 * @param method    the method concerned, {@code Repository.method}: the write method whose write can be lost, or the
 *                  read method whose reads can be stale
 * @param reason    what can go wrong and why: {@code postgres -> legacy-dual: legacy lacks every write made on postgres
 *                  alone}
 * @param safeOrder what to do instead, an order of changes that is safe: {@code go to postgres-dual and bring legacy up
 *                  to date first (runbook: Rollback from postgres)}
 */
public record RouteFinding(Rule rule, String method, String reason, String safeOrder) {

    public RouteFinding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(safeOrder, "safeOrder");
    }

    /** The rules of {@link RouteChangeCheck}. */
    public enum Rule {
        /** A write method moves in a way that can lose acknowledged writes (docs/runbook.md, Emergency rollback). */
        WRITE_LOSS,
        /** A read can be served by a database that some write of the same repository does not reach. */
        STALE_READ
    }

    /** {@code method: reason; safeOrder}, as messages and logs show it. */
    public String message() {
        return method + ": " + reason + "; " + safeOrder;
    }

    @Override
    public String toString() {
        return message();
    }
}
