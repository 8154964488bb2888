package dev.cutover.flags;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the flag store's audit log: every change made through {@link RouteFlags}, never a dry run.
 *
 * @param id     the row's id, increasing with each change
 * @param at     when, to the microsecond
 * @param actor  who
 * @param target what: {@code override}, {@code default}, a repository or {@code Repository.method}
 * @param from   the value before: {@value RouteFlags#UNSET}, a route id or a rollout
 * @param to     the value after
 * @param reason why
 */
public record AuditEntry(long id, Instant at, String actor, String target, String from, String to, String reason) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }
}
