package dev.cutover.flags;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of the flag store's audit log: every change made through {@link RouteFlags}, never a dry run. The log is
 * append-only: the database refuses to update, delete or truncate its rows.
 *
 * @param id       the row's id, increasing with each change
 * @param at       when, to the microsecond
 * @param actor    who, as the change declared it
 * @param target   what: {@code override}, {@code default}, a repository or {@code Repository.method}
 * @param from     the value before: {@value RouteFlags#UNSET}, a route id or a rollout
 * @param to       the value after
 * @param reason   why
 * @param identity who made it as recorded by the database and the process that made it
 * @param forced   what {@link RouteChangeCheck} found and the change was {@linkplain RouteFlags#forced() forced} past,
 *                 one {@link RouteFinding#message()} each; empty for a change the checks passed
 */
public record AuditEntry(long id, Instant at, String actor, String target, String from, String to, String reason,
        AuditIdentity identity, List<String> forced) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(identity, "identity");
        forced = List.copyOf(forced);
    }
}
